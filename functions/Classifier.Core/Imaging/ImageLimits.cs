namespace Classifier.Core.Imaging;

/// <summary>Limits checked before any pixel is decoded, so an oversized or bomb image costs almost nothing.</summary>
public sealed record ImageLimits
{
    public const long DefaultMaxBytes = 20L * 1024 * 1024;
    public const long DefaultMaxPixels = 40_000_000;

    public long MaxBytes { get; init; } = DefaultMaxBytes;
    public long MaxPixels { get; init; } = DefaultMaxPixels;

    public static ImageLimits Default { get; } = new();
}
