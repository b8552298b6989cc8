using Classifier.Core.Model;

namespace Classifier.Core.Imaging;

/// <summary>
/// How bytes become pixels: whether the EXIF orientation is applied, and whether a JPEG or WebP may be
/// decoded scaled down in the codec (<see cref="DecodeMode.Fast"/>) while it keeps at least twice the
/// model's input on each side. Without a target size every decode is full size.
/// </summary>
public sealed record DecodeOptions
{
    public ImageOrientation Orientation { get; init; } = ImageOrientation.Exif;
    public DecodeMode Mode { get; init; } = DecodeMode.Exact;

    /// <summary>The model's input width and height, upright; 0 means "no target": decode at full size.</summary>
    public int TargetWidth { get; init; }
    public int TargetHeight { get; init; }

    /// <summary>Full size, EXIF applied: what PIL's open + exif_transpose + convert("RGB") gives.</summary>
    public static DecodeOptions Exact { get; } = new();

    public static DecodeOptions Keeping(ImageOrientation orientation) => new() { Orientation = orientation };
}
