using Classifier.Core.Imaging;
using SkiaSharp;

namespace TestSupport;

/// <summary>
/// Images made on the spot for every test project: decoded pixels encoded the way a user's file would
/// arrive, small pictures that differ by seed, and broken or unsupported files.
/// </summary>
public static class TestImages
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

    /// <summary>A small picture that differs with <paramref name="seed"/>: shapes on a gradient.</summary>
    public static byte[] Picture(int seed, SKEncodedImageFormat format = SKEncodedImageFormat.Png, int size = 96)
    {
        using var surface = SKSurface.Create(new SKImageInfo(size, size));
        var canvas = surface.Canvas;
        var random = new Random(seed);
        canvas.Clear(new SKColor((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256)));
        using var paint = new SKPaint { IsAntialias = true };
        for (var i = 0; i < 4; i++)
        {
            paint.Color = new SKColor((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256));
            canvas.DrawRect(random.Next(size), random.Next(size), random.Next(8, size / 2), random.Next(8, size / 2), paint);
        }
        using var image = surface.Snapshot();
        using var data = image.Encode(format, 90);
        return data.ToArray();
    }

    /// <summary>A decoded image (a Fashion-MNIST item, say) as a PNG file.</summary>
    public static byte[] Png(RgbImage image) => Encode(image, SKEncodedImageFormat.Png);

    public static byte[] Jpeg(int seed, int size = 96) => Picture(seed, SKEncodedImageFormat.Jpeg, size);

    /// <summary>A JPEG whose header is fine but whose data stops a few bytes later: passes a probe, fails to decode.</summary>
    public static byte[] TruncatedJpeg(int seed)
    {
        var whole = Jpeg(seed, 256);
        return whole[..(whole.Length / 5)];
    }

    /// <summary>Bytes that are no image at all.</summary>
    public static byte[] NotAnImage(int seed) => System.Text.Encoding.UTF8.GetBytes($"this is a text file, not an image ({seed})\n");

    /// <summary>A real image format the classifier does not take (ICO, which SkiaSharp recognises).</summary>
    public static byte[] Icon()
    {
        // ICONDIR + one ICONDIRENTRY pointing at an embedded PNG: a valid .ico file.
        var png = Picture(7, SKEncodedImageFormat.Png, 16);
        using var stream = new MemoryStream();
        using var writer = new BinaryWriter(stream);
        writer.Write((short)0); writer.Write((short)1); writer.Write((short)1);
        writer.Write((byte)16); writer.Write((byte)16); writer.Write((byte)0); writer.Write((byte)0);
        writer.Write((short)1); writer.Write((short)32); writer.Write(png.Length); writer.Write(6 + 16);
        writer.Write(png);
        writer.Flush();
        return stream.ToArray();
    }
}
