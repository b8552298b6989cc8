using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Classifier.Core.Imaging;

/// <summary>
/// A separable bilinear resize that reproduces Pillow's <c>Image.resize(size, BILINEAR)</c> to the
/// grey level: a triangle filter widened by the scale factor when shrinking (so it antialiases),
/// fixed-point weights, and rounding to 8 bits after the horizontal and again after the vertical pass.
/// Training and serving both go through here, because the backbone's features move with half a grey level.
/// </summary>
public static class BilinearResampler
{
    // Pillow keeps weights in fixed point with this many fractional bits for 8-bit images.
    private const int PrecisionBits = 32 - 8 - 2;
    private const int Half = 1 << (PrecisionBits - 1);

    /// <summary>An intermediate this small (3 MB) is never worth leaving Pillow's pass order for.</summary>
    private const long SmallIntermediate = 1_000_000;

    /// <summary>
    /// A pass with this many multiply-adds (about half a millisecond: a 1008x756 photo to 224x224 has 1.7 million
    /// in its first pass) runs on two cores when nothing else is running; each output row is computed as before.
    /// </summary>
    private const long TwoCoreTaps = 500_000;

    public static RgbImage Resize(RgbImage source, int width, int height) =>
        Resize(source, 0, 0, source.Width, source.Height, width, height);

    /// <summary>
    /// Resizes the region (left, top, regionWidth x regionHeight) of the source to width x height. The region
    /// may reach past the image: pixels there count as black (fastai's zero padding) without being allocated.
    /// </summary>
    /// <remarks>
    /// Pillow always runs the horizontal pass first. Its intermediate is width x source height, which for a
    /// tall, thin image (1 x 999,999 to 224 x 224) is far larger than both input and output; then the
    /// vertical pass runs first instead, so the intermediate never exceeds the biggest of input, output and
    /// one megapixel. Below that, Pillow's order is kept and the result matches Pillow to the grey level
    /// (the other order rounds differently, by up to one level).
    /// </remarks>
    public static RgbImage Resize(RgbImage source, int left, int top, int regionWidth, int regionHeight, int width, int height)
    {
        using var work = CpuWork.Enter();
        return Resize(source, left, top, regionWidth, regionHeight, width, height, work.Alone);
    }

    /// <param name="twoCores">Whether a large pass may use a second core (tests force it either way).</param>
    internal static RgbImage Resize(RgbImage source, int left, int top, int regionWidth, int regionHeight, int width, int height, bool twoCores)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(regionWidth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(regionHeight);
        var sameColumns = left == 0 && regionWidth == source.Width && width == source.Width;
        var sameRows = top == 0 && regionHeight == source.Height && height == source.Height;
        if (sameColumns && sameRows)
            return source;

        var columns = sameColumns ? null : Taps.For(regionWidth, width, left, source.Width);
        var rows = sameRows ? null : Taps.For(regionHeight, height, top, source.Height);
        var horizontalIntermediate = (long)width * source.Height;
        var horizontalFirst = horizontalIntermediate <= Math.Max(SmallIntermediate, Math.Max((long)source.Width * source.Height, (long)width * height));
        if (horizontalFirst)
        {
            var horizontal = columns is null ? source : ResizeRows(source, columns, width, twoCores);
            return rows is null ? horizontal : ResizeColumns(horizontal, rows, height, twoCores);
        }
        var vertical = rows is null ? source : ResizeColumns(source, rows, height, twoCores);
        return columns is null ? vertical : ResizeRows(vertical, columns, width, twoCores);
    }

    private static RgbImage ResizeRows(RgbImage src, Taps taps, int outWidth, bool twoCores)
    {
        var dst = RgbImage.Uninitialized(outWidth, src.Height);
        // The vector path reads four bytes per pixel (its three and the next one's first), so the very last
        // pixel of the image cannot be read that way: the last row takes the scalar path.
        var vectorRows = Vector128.IsHardwareAccelerated ? src.Height - 1 : 0;
        CpuWork.ForRows(src.Height, twoCores && taps.Weights.Length * (long)src.Height >= TwoCoreTaps,
            (from, to) => ResizeRowRange(src, taps, dst, vectorRows, from, to));
        return dst;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // a hot loop: fully optimised from the first call instead of after tiering
    private static void ResizeRowRange(RgbImage src, Taps taps, RgbImage dst, int vectorRows, int from, int to)
    {
        for (var y = from; y < to; y++)
        {
            var row = src.Pixels.AsSpan(y * src.Width * 3, src.Width * 3);
            var outRow = dst.Pixels.AsSpan(y * dst.Width * 3, dst.Width * 3);
            if (y < vectorRows)
                ResizeRowVector(src.Pixels, y * src.Width * 3, taps, outRow);
            else
                ResizeRowScalar(row, taps, outRow);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // a hot loop: fully optimised from the first call instead of after tiering
    private static void ResizeRowScalar(ReadOnlySpan<byte> row, Taps taps, Span<byte> outRow)
    {
        for (var x = 0; x < outRow.Length / 3; x++)
        {
            var (first, count, k) = taps.Bounds[x];
            int r = Half, g = Half, b = Half;
            for (var i = 0; i < count; i++)
            {
                var p = (first + i) * 3;
                var w = taps.Weights[k + i];
                r += row[p] * w;
                g += row[p + 1] * w;
                b += row[p + 2] * w;
            }
            var o = x * 3;
            outRow[o] = Clip(r);
            outRow[o + 1] = Clip(g);
            outRow[o + 2] = Clip(b);
        }
    }

    /// <summary>
    /// The same sums as <see cref="ResizeRowScalar"/>, one pixel's three channels in one vector: integer
    /// arithmetic in the same fixed point, so the result is identical to the grey level. The caller makes
    /// sure one byte past the row's last pixel is still inside <paramref name="pixels"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // a hot loop: fully optimised from the first call instead of after tiering
    private static void ResizeRowVector(byte[] pixels, int rowStart, Taps taps, Span<byte> outRow)
    {
        ref var origin = ref MemoryMarshal.GetArrayDataReference(pixels);
        var bounds = taps.Bounds;
        var weights = taps.Weights;
        var half = Vector128.Create(Half);
        var max = Vector128.Create(255);
        for (var x = 0; x < bounds.Length; x++)
        {
            var (first, count, k) = bounds[x];
            var sum = half;
            ref var pixel = ref Unsafe.Add(ref origin, rowStart + (first * 3));
            for (var i = 0; i < count; i++)
            {
                var bytes = Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref pixel, i * 3))).AsByte();
                var channels = Vector128.WidenLower(Vector128.WidenLower(bytes)).AsInt32();
                sum += channels * Vector128.Create(weights[k + i]);
            }
            var clipped = Vector128.Min(Vector128.Max(Vector128.ShiftRightArithmetic(sum, PrecisionBits), Vector128<int>.Zero), max);
            var o = x * 3;
            outRow[o] = (byte)clipped.GetElement(0);
            outRow[o + 1] = (byte)clipped.GetElement(1);
            outRow[o + 2] = (byte)clipped.GetElement(2);
        }
    }

    private static RgbImage ResizeColumns(RgbImage src, Taps taps, int outHeight, bool twoCores)
    {
        var dst = RgbImage.Uninitialized(src.Width, outHeight);
        CpuWork.ForRows(outHeight, twoCores && taps.Weights.Length * (long)src.Width >= TwoCoreTaps,
            (from, to) => ResizeColumnRange(src, taps, dst, from, to));
        return dst;
    }

    /// <summary>
    /// Each output row is a weighted sum of a few whole input rows: accumulate row by row, so the sums run
    /// 16 bytes at a time instead of walking down every column.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // a hot loop: fully optimised from the first call instead of after tiering
    private static void ResizeColumnRange(RgbImage src, Taps taps, RgbImage dst, int from, int to)
    {
        var stride = src.Width * 3;
        var sums = new int[stride];
        for (var y = from; y < to; y++)
        {
            var (first, count, k) = taps.Bounds[y];
            Array.Fill(sums, Half);
            for (var i = 0; i < count; i++)
                AddScaled(src.Pixels.AsSpan((first + i) * stride, stride), taps.Weights[k + i], sums);
            var line = dst.Pixels.AsSpan(y * stride, stride);
            for (var c = 0; c < line.Length; c++)
                line[c] = Clip(sums[c]);
        }
    }

    /// <summary>sums[j] += line[j] * weight.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // a hot loop: fully optimised from the first call instead of after tiering
    private static void AddScaled(ReadOnlySpan<byte> line, int weight, Span<int> sums)
    {
        var j = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            var w = Vector128.Create(weight);
            for (; j <= line.Length - 16; j += 16)
            {
                var (low, high) = Vector128.Widen(Vector128.Create(line.Slice(j, 16)));
                var (a, b) = Vector128.Widen(low);
                var (c, d) = Vector128.Widen(high);
                var s = sums.Slice(j, 16);
                (Vector128.Create<int>(s[..4]) + (a.AsInt32() * w)).CopyTo(s[..4]);
                (Vector128.Create<int>(s[4..8]) + (b.AsInt32() * w)).CopyTo(s[4..8]);
                (Vector128.Create<int>(s[8..12]) + (c.AsInt32() * w)).CopyTo(s[8..12]);
                (Vector128.Create<int>(s[12..]) + (d.AsInt32() * w)).CopyTo(s[12..]);
            }
        }
        for (; j < line.Length; j++)
            sums[j] += line[j] * weight;
    }

    /// <summary>
    /// For each output index: the first source index it reads, how many, and where its fixed-point weights
    /// start. Weights are computed over the region (as Pillow does for the padded or cropped image); taps
    /// that fall outside the source image read black, so they are dropped rather than summed as zeros.
    /// </summary>
    private sealed record Taps((int First, int Count, int WeightAt)[] Bounds, int[] Weights)
    {
        public static Taps For(int regionSize, int outSize, int regionStart, int sourceSize)
        {
            var scale = (double)regionSize / outSize;
            var filterScale = Math.Max(scale, 1.0);
            var support = 1.0 * filterScale; // the triangle filter reaches one pixel either side
            var taps = ((int)Math.Ceiling(support) * 2) + 1;

            var bounds = new (int, int, int)[outSize];
            var weights = new int[outSize * taps];
            var real = new double[taps];
            for (var o = 0; o < outSize; o++)
            {
                var center = (o + 0.5) * scale;
                var first = Math.Max((int)(center - support + 0.5), 0);
                var last = Math.Min((int)(center + support + 0.5), regionSize);
                var count = last - first;
                var total = 0.0;
                for (var i = 0; i < count; i++)
                {
                    var distance = Math.Abs((i + first - center + 0.5) / filterScale);
                    real[i] = distance < 1.0 ? 1.0 - distance : 0.0;
                    total += real[i];
                }
                for (var i = 0; i < count; i++)
                {
                    var w = total == 0.0 ? 0.0 : real[i] / total;
                    weights[(o * taps) + i] = (int)(w < 0 ? -0.5 + (w * (1 << PrecisionBits)) : 0.5 + (w * (1 << PrecisionBits)));
                }
                // Into source coordinates, keeping only the taps that land on the image.
                var from = Math.Max(first + regionStart, 0);
                var to = Math.Min(first + count + regionStart, sourceSize);
                bounds[o] = to > from ? (from, to - from, (o * taps) + (from - (first + regionStart))) : (0, 0, 0);
            }
            return new Taps(bounds, weights);
        }
    }

    private static byte Clip(int value)
    {
        var v = value >> PrecisionBits;
        return v < 0 ? (byte)0 : v > 255 ? (byte)255 : (byte)v;
    }
}
