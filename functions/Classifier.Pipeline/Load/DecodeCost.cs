using Classifier.Core.Imaging;

namespace Classifier.Pipeline.Load;

/// <summary>What decoding an image will hold, read from its header: its share of the pixel budget.</summary>
public static class DecodeCost
{
    /// <summary>
    /// The pixels the decode produces (at the codec's scaled size when the card decodes fast), twice that when
    /// turning it upright makes a second copy. Bytes that are not a usable image cost nothing: the classify
    /// step rejects them with the reason.
    /// </summary>
    public static long Pixels(ReadOnlySpan<byte> encoded, ImageLimits limits, DecodeOptions options)
    {
        try
        {
            var (_, width, height, turns) = ImageDecoder.Plan(encoded, limits, options);
            return (long)width * height * (turns ? 2 : 1);
        }
        catch (ImageRejectedException)
        {
            return 0;
        }
    }
}
