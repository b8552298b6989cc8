namespace Classifier.Core.Imaging;

/// <summary>
/// What <see cref="ImageDecoder.Decode(ReadOnlySpan{byte}, ImageLimits?, DecodeOptions?)"/> will do with an image, read from its header alone: the format, the size it
/// decodes to (before turning it upright), whether the EXIF orientation makes a second copy, and whether the codec
/// decodes row by row (JPEG) or the whole picture at once (PNG, WebP, GIF, BMP), and what the codec itself holds
/// besides the pixels (a progressive JPEG's coefficients).
/// </summary>
public sealed record DecodePlan(string Format, int Width, int Height, bool Turns, bool ByRows, long CodecBytes = 0)
{
    /// <summary>
    /// The most bytes the decode holds at once: the RGB image (3 a pixel), plus the codec's RGBA picture when it
    /// cannot decode by rows (4 more), plus the upright copy when it turns (3 more), plus what the codec holds.
    /// </summary>
    public long PeakBytes => ((long)Width * Height * (3 + (ByRows ? 0 : 4) + (Turns ? 3 : 0))) + CodecBytes;
}
