using Classifier.Core.Imaging;
using SkiaSharp;

namespace Classifier.Tests;

/// <summary>Encodes pixels the way a user's file would arrive: as PNG or JPEG bytes.</summary>
internal static class TestImages
{
    public static byte[] Encode(RgbImage image, SKEncodedImageFormat format, int quality = 92)
    {
        using var bitmap = new SKBitmap(image.Width, image.Height);
        for (var y = 0; y < image.Height; y++)
        {
            for (var x = 0; x < image.Width; x++)
            {
                var (r, g, b) = image[x, y];
                bitmap.SetPixel(x, y, new SKColor(r, g, b));
            }
        }
        using var data = bitmap.Encode(format, quality);
        return data.ToArray();
    }

    public static RgbImage Solid(int width, int height, byte r, byte g, byte b)
    {
        var image = new RgbImage(width, height);
        for (var i = 0; i < image.Pixels.Length; i += 3)
            (image.Pixels[i], image.Pixels[i + 1], image.Pixels[i + 2]) = (r, g, b);
        return image;
    }
}
