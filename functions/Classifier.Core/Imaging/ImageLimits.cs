namespace Classifier.Core.Imaging;

/// <summary>Limits checked before any pixel is decoded, so an oversized or bomb image costs almost nothing.</summary>
public sealed record ImageLimits
{
    public const long DefaultMaxBytes = 20L * 1024 * 1024;
    public const long DefaultMaxPixels = 40_000_000;

    /// <summary>Longer side over shorter side; panoramas stay well under it, 1 x 999,999 strips do not.</summary>
    public const double DefaultMaxAspectRatio = 20;

    public long MaxBytes { get; init; } = DefaultMaxBytes;
    public long MaxPixels { get; init; } = DefaultMaxPixels;
    public double MaxAspectRatio { get; init; } = DefaultMaxAspectRatio;

    public static ImageLimits Default { get; } = new();
}
