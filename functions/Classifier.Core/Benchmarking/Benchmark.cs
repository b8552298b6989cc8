using System.Diagnostics;
using SkiaSharp;

namespace Classifier.Core.Benchmarking;

/// <summary>What every benchmark here shares, so `classifier bench` and the HTTP bench measure the same thing the same way.</summary>
public static class Benchmark
{
    /// <summary>A smooth colour gradient with some texture: a JPEG that decodes like a photo, not a flat fill.</summary>
    public static byte[] SampleJpeg(int width, int height)
    {
        using var bitmap = new SKBitmap(width, height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
                bitmap.SetPixel(x, y, new SKColor((byte)(x * 255 / width), (byte)(y * 255 / height), (byte)((x ^ y) & 0xFF)));
        }
        using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, 90);
        return data.ToArray();
    }

    /// <summary>Median wall time of <paramref name="runs"/> calls, in milliseconds: robust to a stray slow run.</summary>
    public static double MedianMs(int runs, Action action) =>
        MedianMsAsync(runs, () => { action(); return Task.CompletedTask; }).GetAwaiter().GetResult();

    public static async Task<double> MedianMsAsync(int runs, Func<Task> action)
    {
        var times = new double[runs];
        for (var i = 0; i < runs; i++)
        {
            var clock = Stopwatch.StartNew();
            await action();
            times[i] = clock.Elapsed.TotalMilliseconds;
        }
        return Median(times);
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }
}
