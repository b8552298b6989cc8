using System.Text.Json;

namespace SiteBuilder;

/// <summary>
/// The demo's example images, only where the served package provides them: the images in its
/// <c>examples/</c> folder (labelled by file name), or for the built-in model its Fashion-MNIST test images
/// (one per class, kept with the site's assets). Any other package gets no examples.
/// </summary>
public static class ExampleImages
{
    public const string Folder = "examples";
    /// <summary>Where a package's own examples go in the built site, under assets/.</summary>
    public const string PackageFolder = "model-examples";
    private const string BuiltInName = "fashion-resnet18";
    private static readonly string[] ImageExtensions = [".png", ".jpg", ".jpeg", ".webp"];

    /// <summary>One example: the file to copy, its URL under assets/, and the label shown beside it.</summary>
    public sealed record Example(string SourcePath, string AssetPath, string Label);

    public static readonly IReadOnlyList<(string File, string Label)> BuiltIn =
    [
        ("tshirt-top.png", "T-shirt/top"),
        ("trouser.png", "Trouser"),
        ("pullover.png", "Pullover"),
        ("dress.png", "Dress"),
        ("coat.png", "Coat"),
        ("sandal.png", "Sandal"),
        ("shirt.png", "Shirt"),
        ("sneaker.png", "Sneaker"),
        ("bag.png", "Bag"),
        ("ankle-boot.png", "Ankle boot"),
    ];

    public static IReadOnlyList<Example> For(BuildOptions options)
    {
        var own = Path.Combine(options.ModelDir, Folder);
        if (Directory.Exists(own))
            return Directory.GetFiles(own).Where(f => ImageExtensions.Contains(Path.GetExtension(f).ToLowerInvariant())).Order(StringComparer.Ordinal)
                .Select(f => new Example(f, $"{PackageFolder}/{Path.GetFileName(f)}", Path.GetFileNameWithoutExtension(f).Replace('-', ' ')))
                .ToList();
        if (!IsBuiltIn(options.ModelDir))
            return [];
        return BuiltIn.Select(e => new Example(Path.Combine(options.AssetsDir, Folder, e.File), $"{Folder}/{e.File}", e.Label)).ToList();
    }

    /// <summary>True for the built-in model's folder: its card names the built-in model.</summary>
    public static bool IsBuiltIn(string modelDir)
    {
        var card = Path.Combine(modelDir, "model.json");
        if (!File.Exists(card))
            return false;
        try
        {
            using var json = JsonDocument.Parse(File.ReadAllText(card), new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            return json.RootElement.TryGetProperty("name", out var name) && name.GetString() == BuiltInName;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
