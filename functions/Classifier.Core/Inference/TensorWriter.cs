using System.Runtime.CompilerServices;
using Classifier.Core.Imaging;
using Classifier.Core.Model;

namespace Classifier.Core.Inference;

/// <summary>Writes an RGB image into an NCHW float tensor slot as the card describes.</summary>
internal static class TensorWriter
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // a hot loop: fully optimised from the first call instead of after tiering
    public static void Write(RgbImage image, ModelInput input, Span<float> destination)
    {
        var plane = image.Width * image.Height;
        if (destination.Length != plane * 3)
            throw new ArgumentException("tensor slot size does not match the image", nameof(destination));

        // A byte has 256 values: look each channel's normalised value up instead of computing it per pixel.
        // The table holds exactly what (value * scale) - shift gives, so the tensor is the same to the bit.
        Span<float> table = stackalloc float[3 * 256];
        var bgr = input.ChannelOrder == "BGR";
        for (var c = 0; c < 3; c++)
        {
            var scale = input.PixelScale / input.Std[c];
            var shift = input.Mean[c] / input.Std[c];
            var source = bgr ? 2 - c : c; // plane c holds colour 'source' of each pixel
            var values = table.Slice(source * 256, 256);
            for (var v = 0; v < 256; v++)
                values[v] = (v * scale) - shift;
        }

        // One pass over the pixels, writing the three planes side by side.
        var (first, second, third) = bgr ? (2, 1, 0) : (0, 1, 2);
        var pixels = image.Pixels.AsSpan(0, plane * 3);
        var planeR = destination.Slice(first * plane, plane);
        var planeG = destination.Slice(second * plane, plane);
        var planeB = destination.Slice(third * plane, plane);
        var tableR = table[..256];
        var tableG = table.Slice(256, 256);
        var tableB = table.Slice(512, 256);
        for (var i = 0; i < plane; i++)
        {
            var p = i * 3;
            planeR[i] = tableR[pixels[p]];
            planeG[i] = tableG[pixels[p + 1]];
            planeB[i] = tableB[pixels[p + 2]];
        }
    }
}
