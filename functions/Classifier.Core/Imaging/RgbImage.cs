using Classifier.Core.Memory;

namespace Classifier.Core.Imaging;

/// <summary>An 8-bit RGB image, pixels interleaved row by row (R, G, B, R, G, B, ...).</summary>
public sealed class RgbImage
{
    public RgbImage(int width, int height, byte[]? pixels = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        pixels ??= new byte[checked(width * height * 3)];
        if (pixels.Length != width * height * 3)
            throw new ArgumentException($"expected {width * height * 3} bytes for {width}x{height} RGB, got {pixels.Length}", nameof(pixels));
        Width = width;
        Height = height;
        Pixels = pixels;
    }

    /// <summary>
    /// An image whose every byte the caller writes: a decode or a resize. A large one (a photo decoded whole, a pixel
    /// bomb) is counted by <see cref="LargeArrays"/>, so the ones already finished are freed before it is allocated.
    /// </summary>
    internal static RgbImage Uninitialized(int width, int height)
    {
        var bytes = checked(width * height * 3);
        LargeArrays.Allocating(bytes);
        return new RgbImage(width, height, GC.AllocateUninitializedArray<byte>(bytes));
    }

    public int Width { get; }
    public int Height { get; }
    public byte[] Pixels { get; }

    public (byte R, byte G, byte B) this[int x, int y]
    {
        get
        {
            var i = ((y * Width) + x) * 3;
            return (Pixels[i], Pixels[i + 1], Pixels[i + 2]);
        }
    }

    /// <summary>A grey image from one byte per pixel (as Fashion-MNIST stores them).</summary>
    public static RgbImage FromGray(int width, int height, ReadOnlySpan<byte> gray)
    {
        var image = new RgbImage(width, height);
        for (var i = 0; i < width * height; i++)
            image.Pixels[(i * 3) + 0] = image.Pixels[(i * 3) + 1] = image.Pixels[(i * 3) + 2] = gray[i];
        return image;
    }
}
