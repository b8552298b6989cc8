using Classifier.Core.Imaging;
using Classifier.Core.Model;

namespace Classifier.Core.Inference;

/// <summary>Writes an RGB image into an NCHW float tensor slot as the card describes.</summary>
internal static class TensorWriter
{
    public static void Write(RgbImage image, ModelInput input, Span<float> destination)
    {
        var plane = image.Width * image.Height;
        if (destination.Length != plane * 3)
            throw new ArgumentException("tensor slot size does not match the image", nameof(destination));

        var bgr = input.ChannelOrder == "BGR";
        var pixels = image.Pixels;
        for (var c = 0; c < 3; c++)
        {
            var source = bgr ? 2 - c : c; // plane c holds colour 'source' of each pixel
            var scale = input.PixelScale / input.Std[c];
            var shift = input.Mean[c] / input.Std[c];
            var slot = destination.Slice(c * plane, plane);
            for (var i = 0; i < plane; i++)
                slot[i] = (pixels[(i * 3) + source] * scale) - shift;
        }
    }
}
