using Classifier.Core.Imaging;

namespace Classifier.Training;

/// <summary>
/// A folder with one subfolder per label (fastai's <c>parent_label</c> layout). Unreadable files are
/// reported, not fatal: a curated folder from a web search always has a few.
/// </summary>
public static class ImageFolder
{
    private static readonly HashSet<string> Extensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".jpg", ".jpeg", ".png", ".webp", ".gif", ".bmp",
    };

    /// <param name="decode">How files are decoded: the card's decode, so training sees what serving will (default: exact).</param>
    public static Dataset Load(string root, ImageLimits? limits = null, DecodeOptions? decode = null)
    {
        var (dir, labels, files) = List(root);
        var items = files.Select(f =>
        {
            // The id changes when the file does, so a feature cache never serves stale features.
            var id = $"{Path.GetRelativePath(dir.FullName, f.File.FullName)}|{f.File.Length}|{f.File.LastWriteTimeUtc.Ticks}";
            var path = f.File.FullName;
            return new LabeledImage(id, f.Label, () => ImageDecoder.Decode(File.ReadAllBytes(path), limits, decode));
        }).ToList();
        return new Dataset(dir.Name, labels, items);
    }

    /// <summary>
    /// The folder's labels (its subfolders, in ordinal order) and every image file under each, undecoded:
    /// what <see cref="Load"/> reads, for a caller that wants the bytes (`classifier compare --data`).
    /// </summary>
    public static (DirectoryInfo Root, IReadOnlyList<string> Labels, IReadOnlyList<(string Label, FileInfo File)> Files) List(string root)
    {
        var dir = new DirectoryInfo(root);
        if (!dir.Exists)
            throw new DirectoryNotFoundException($"data folder not found: {dir.FullName}");
        var labelDirs = dir.GetDirectories().Where(d => !d.Name.StartsWith('.')).OrderBy(d => d.Name, StringComparer.Ordinal).ToList();
        if (labelDirs.Count < 2)
            throw new InvalidDataException($"{dir.FullName} needs at least two subfolders, one per label (found {labelDirs.Count})");

        var files = new List<(string Label, FileInfo File)>();
        foreach (var labelDir in labelDirs)
        {
            files.AddRange(labelDir.EnumerateFiles("*", SearchOption.AllDirectories)
                .Where(f => Extensions.Contains(f.Extension))
                .OrderBy(f => f.FullName, StringComparer.Ordinal)
                .Select(f => (labelDir.Name, f)));
        }
        var empty = labelDirs.Where(d => files.All(f => f.Label != d.Name)).Select(d => d.Name).ToList();
        if (empty.Count > 0)
            throw new InvalidDataException($"no images in label folder(s): {string.Join(", ", empty)}");
        return (dir, labelDirs.Select(d => d.Name).ToList(), files);
    }
}
