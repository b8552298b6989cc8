using Azure.Storage.Blobs;
using Classifier.Core.Imaging;
using Classifier.Pipeline.Deployment;

namespace Classifier.Pipeline.Review;

/// <summary>
/// Writes every reviewed upload into OUT/{label}/{name}: the ImageFolder layout `classifier train --data OUT`
/// reads. "none" (not any of the model's labels) is a folder like the others; leave it out of training by
/// deleting it, or keep it to teach the model a class for what it should refuse. Exporting again into the
/// same folder moves an image whose label changed.
/// </summary>
public sealed class ReviewExporter(ReviewQueue queue, BlobServiceClient storage)
{
    public async Task<ExportSummary> ExportAsync(string outDirectory, CancellationToken cancellation)
    {
        var root = Directory.CreateDirectory(outDirectory);
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var missing = new List<string>();
        await foreach (var (name, label, bytes) in ReviewedImages.ReadAsync(queue, storage, cancellation, missing.Add))
        {
            var folder = FolderName(label);
            var fileName = FileName(name, bytes);
            foreach (var stale in root.EnumerateDirectories().Where(d => d.Name != folder).Select(d => Path.Combine(d.FullName, fileName)))
                File.Delete(stale); // relabelled since the last export
            Directory.CreateDirectory(Path.Combine(root.FullName, folder));
            await File.WriteAllBytesAsync(Path.Combine(root.FullName, folder, fileName), bytes, cancellation);
            counts[folder] = counts.GetValueOrDefault(folder) + 1;
        }
        return new ExportSummary(counts, missing);
    }

    /// <summary>A label as a folder name: "T-shirt/top" becomes "T-shirt_top" (a slash cannot be in a folder name).</summary>
    public static string FolderName(string label)
    {
        var invalid = Path.GetInvalidFileNameChars().Append('\\').ToHashSet();
        var name = new string(label.Select(c => invalid.Contains(c) || char.IsControl(c) ? '_' : c).ToArray()).Trim();
        return name is "" or "." or ".." ? "_" : name;
    }

    /// <summary>The upload's name as one file name, with an extension `train` recognises.</summary>
    private static string FileName(string name, byte[] bytes)
    {
        var file = FolderName(name.Replace('/', '_'));
        var extension = Path.GetExtension(file).ToLowerInvariant();
        if (extension is ".jpg" or ".jpeg" or ".png" or ".webp" or ".gif" or ".bmp")
            return file;
        try
        {
            var (format, _, _) = ImageDecoder.Probe(bytes);
            return file + format switch { "JPEG" => ".jpg", "PNG" => ".png", "WebP" => ".webp", "GIF" => ".gif", "BMP" => ".bmp", _ => ".img" };
        }
        catch (ImageRejectedException)
        {
            return file + ".img"; // not an image: train skips it
        }
    }
}
