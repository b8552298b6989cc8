using SkiaSharp;

namespace Site.Tests.Operator;

/// <summary>Small real PNGs that differ by seed: coloured rectangles on a plain ground, nothing like clothing.</summary>
public static class Pictures
{
    public static byte[] Png(int seed, int size = 96)
    {
        using var surface = SKSurface.Create(new SKImageInfo(size, size));
        var random = new Random(seed);
        surface.Canvas.Clear(new SKColor((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256)));
        using var paint = new SKPaint();
        for (var i = 0; i < 4; i++)
        {
            paint.Color = new SKColor((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256));
            surface.Canvas.DrawRect(random.Next(size), random.Next(size), random.Next(8, size / 2), random.Next(8, size / 2), paint);
        }
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
