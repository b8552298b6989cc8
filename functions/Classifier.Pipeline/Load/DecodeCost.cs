using Classifier.Core.Imaging;

namespace Classifier.Pipeline.Load;

/// <summary>What decoding an image will hold, read from its header: its share of the pixel budget.</summary>
public static class DecodeCost
{
    /// <summary>
    /// The most the decode holds, in RGB pixels (3 bytes each): the pixels it produces (at the codec's scaled
    /// size when the card decodes fast), more when the codec holds an RGBA picture too or turning it upright
    /// makes a second copy (<see cref="DecodePlan.PeakBytes"/>). Bytes that are not a usable image cost
    /// nothing: the classify step rejects them with the reason.
    /// </summary>
    public static long Pixels(ReadOnlySpan<byte> encoded, ImageLimits limits, DecodeOptions options)
    {
        try
        {
            return ImageDecoder.Plan(encoded, limits, options).PeakBytes / 3;
        }
        catch (ImageRejectedException)
        {
            return 0;
        }
    }
}
