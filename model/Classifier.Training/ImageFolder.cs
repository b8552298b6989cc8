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
        var dir = new DirectoryInfo(root);
        if (!dir.Exists)
            throw new DirectoryNotFoundException($"data folder not found: {dir.FullName}");
        var labelDirs = dir.GetDirectories().Where(d => !d.Name.StartsWith('.')).OrderBy(d => d.Name, StringComparer.Ordinal).ToList();
        if (labelDirs.Count < 2)
            throw new InvalidDataException($"{dir.FullName} needs at least two subfolders, one per label (found {labelDirs.Count})");

        var items = new List<LabeledImage>();
        foreach (var labelDir in labelDirs)
        {
            foreach (var file in labelDir.EnumerateFiles("*", SearchOption.AllDirectories)
                         .Where(f => Extensions.Contains(f.Extension))
                         .OrderBy(f => f.FullName, StringComparer.Ordinal))
            {
                // The id changes when the file does, so a feature cache never serves stale features.
                var id = $"{Path.GetRelativePath(dir.FullName, file.FullName)}|{file.Length}|{file.LastWriteTimeUtc.Ticks}";
                var path = file.FullName;
                items.Add(new LabeledImage(id, labelDir.Name, () => ImageDecoder.Decode(File.ReadAllBytes(path), limits, decode)));
            }
        }
        var empty = labelDirs.Where(d => items.All(i => i.Label != d.Name)).Select(d => d.Name).ToList();
        if (empty.Count > 0)
            throw new InvalidDataException($"no images in label folder(s): {string.Join(", ", empty)}");
        return new Dataset(dir.Name, labelDirs.Select(d => d.Name).ToList(), items);
    }
}
