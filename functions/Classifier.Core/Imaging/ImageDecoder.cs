using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Classifier.Core.Memory;
using Classifier.Core.Model;
using SkiaSharp;

namespace Classifier.Core.Imaging;

/// <summary>
/// Turns encoded bytes (JPEG, PNG, WebP, GIF, BMP) into upright 8-bit RGB, like PIL's
/// <c>Image.open(f).convert("RGB")</c> after EXIF transposition (unless told to ignore it): alpha is dropped, grey,
/// CMYK and 16-bit images become 8-bit RGB.
/// </summary>
public static class ImageDecoder
{
    /// <summary>Decode buffers up to this size (4 megapixels) come from the shared pool.</summary>
    private const int PooledDecodeBytes = 16 * 1024 * 1024;

    /// <summary>Rows decoded at a time when decoding by rows: about 256 KB of RGBA.</summary>
    private const int BandBytes = 256 * 1024;

    private static readonly Dictionary<SKEncodedImageFormat, string> Accepted = new()
    {
        [SKEncodedImageFormat.Jpeg] = "JPEG",
        [SKEncodedImageFormat.Png] = "PNG",
        [SKEncodedImageFormat.Webp] = "WebP",
        [SKEncodedImageFormat.Gif] = "GIF",
        [SKEncodedImageFormat.Bmp] = "BMP",
    };

    /// <summary>Reads the format and size from the header only.</summary>
    public static unsafe (string Format, int Width, int Height) Probe(ReadOnlySpan<byte> bytes, ImageLimits? limits = null)
    {
        fixed (byte* start = bytes)
        {
            using var data = CheckBytes(start, bytes.Length, limits ?? ImageLimits.Default);
            using var codec = OpenCodec(data, limits ?? ImageLimits.Default, out var format);
            return (format, codec.Info.Width, codec.Info.Height);
        }
    }

    /// <summary>
    /// Decodes as the options say: full size (exact), or for a JPEG or WebP with a target, scaled in the codec
    /// to the smallest size it offers that is still at least twice the target on each side (fast).
    /// </summary>
    public static RgbImage Decode(ReadOnlySpan<byte> bytes, ImageLimits? limits = null, DecodeOptions? options = null) =>
        Decode(bytes, limits, options, DecodeParts.Auto);

    internal static unsafe RgbImage Decode(ReadOnlySpan<byte> bytes, ImageLimits? limits, DecodeOptions? options, DecodeParts parts)
    {
        limits ??= ImageLimits.Default;
        options ??= DecodeOptions.Exact;
        using var work = CpuWork.Enter();
        // The codec reads the caller's bytes where they are, pinned for the decode: a 20 MB body is not copied.
        fixed (byte* start = bytes)
        {
            using var data = CheckBytes(start, bytes.Length, limits);
            using var codec = OpenCodec(data, limits, out var format);
            var size = DecodedSize(codec, options);
            var info = new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
            var split = format == "JPEG" && ProgressiveJpeg.IsSequential(bytes)
                ? TwoPartDecode.SplitRow(parts, work.Alone, bytes.Length, (long)codec.Info.Width * codec.Info.Height, info.Width, info.Height)
                : 0;
            var stored = ReadRows(codec, info, format, split, () => OpenCodec(data, limits, out _), mayTakeBack: parts == DecodeParts.Auto)
                ?? ReadWhole(codec, info, format);
            return options.Orientation == ImageOrientation.Ignore ? stored : Orientation.Apply(stored, codec.EncodedOrigin);
        }
    }

    /// <summary>What <see cref="Decode(ReadOnlySpan{byte}, ImageLimits?, DecodeOptions?)"/> would hold in memory, known before it holds it.</summary>
    public static unsafe DecodePlan Plan(ReadOnlySpan<byte> bytes, ImageLimits? limits, DecodeOptions options)
    {
        limits ??= ImageLimits.Default;
        fixed (byte* start = bytes)
        {
            using var data = CheckBytes(start, bytes.Length, limits);
            using var codec = OpenCodec(data, limits, out var format);
            var size = DecodedSize(codec, options);
            var turns = options.Orientation == ImageOrientation.Exif && codec.EncodedOrigin is not (SKEncodedOrigin.TopLeft or 0);
            // A JPEG's decode is not started here: starting it reads a progressive file's every scan, outside the budget.
            var rows = format == "JPEG"
                ? codec.ScanlineOrder == SKCodecScanlineOrder.TopDown
                : StartsByRows(codec, new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
            var held = format == "JPEG" ? ProgressiveJpeg.CoefficientBytes(bytes) : 0;
            return new DecodePlan(format, size.Width, size.Height, turns, rows, held);
        }
    }

    /// <summary>
    /// Whether the codec decodes this picture row by row (libjpeg-turbo does; Skia's PNG, WebP, GIF and BMP codecs
    /// answer Unimplemented or store the rows bottom-up): asked of the codec itself, so the decode (and, but for a
    /// JPEG, the plan) knows rather than assumes.
    /// </summary>
    private static bool StartsByRows(SKCodec codec, SKImageInfo info) =>
        codec.ScanlineOrder == SKCodecScanlineOrder.TopDown && codec.StartScanlineDecode(info) == SKCodecResult.Success;

    /// <summary>The smallest size the codec decodes to that keeps twice the target on both sides; the full size otherwise.</summary>
    private static SKSizeI DecodedSize(SKCodec codec, DecodeOptions options)
    {
        var full = codec.Info.Size;
        if (options.Mode == DecodeMode.Exact || options.TargetWidth <= 0 || options.TargetHeight <= 0)
            return full;
        // The target is upright; the codec's sizes are the stored picture's, which a quarter turn swaps.
        var swaps = options.Orientation == ImageOrientation.Exif && codec.EncodedOrigin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop
            or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        var (needW, needH) = swaps ? (2 * options.TargetHeight, 2 * options.TargetWidth) : (2 * options.TargetWidth, 2 * options.TargetHeight);
        // libjpeg-turbo scales by n/8 in the DCT; WebP by any factor; the other codecs only answer their full size.
        for (var eighths = 1; eighths < 8; eighths++)
        {
            var scaled = codec.GetScaledDimensions(eighths / 8f);
            if (scaled.Width >= needW && scaled.Height >= needH && scaled.Width < full.Width)
                return scaled;
        }
        return full;
    }

    /// <summary>
    /// Row by row through one small band buffer (JPEG): the decode holds the RGB image and little more, about
    /// 3 bytes a pixel instead of 7. Null when the codec cannot decode by rows (PNG, WebP, GIF, BMP upside down).
    /// With a <paramref name="split"/> row, a second codec decodes the rows from there on another thread
    /// (<see cref="TwoPartDecode"/>); whatever happens to it, the result and any error are one codec's. If no
    /// pool thread has picked it up when the upper part is done, this codec takes it back (unless the split is forced).
    /// </summary>
    private static RgbImage? ReadRows(SKCodec codec, SKImageInfo info, string format, int split, Func<SKCodec> secondCodec, bool mayTakeBack)
    {
        if (!StartsByRows(codec, info))
            return null;
        var image = RgbImage.Uninitialized(info.Width, info.Height);
        if (split <= 0)
        {
            ReadBand(codec, info, format, image, 0, info.Height);
            return image;
        }

        var lower = new LowerPart(secondCodec, info, format, image, split);
        var started = Task.Run(lower.Run);
        try
        {
            ReadBand(codec, info, format, image, 0, split);
        }
        finally
        {
            // The other thread writes into the image and reads the caller's pinned bytes: it ends before this does.
            if (!mayTakeBack || !lower.TakeBack())
                started.Wait();
        }
        // Not taken, or failed: this codec, already at the split row, reads the rest as a single decode would.
        if (!lower.Succeeded)
            ReadBand(codec, info, format, image, split, info.Height);
        return image;
    }

    /// <summary>Decodes rows [from, to) of an already started codec into the image, through a pooled band.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void ReadBand(SKCodec codec, SKImageInfo info, string format, RgbImage image, int from, int to)
    {
        var w = info.Width;
        var rows = Math.Max(1, BandBytes / info.RowBytes);
        var band = ArrayPool<byte>.Shared.Rent(rows * info.RowBytes);
        try
        {
            fixed (byte* pixels = band)
            {
                for (var y = from; y < to; y += rows)
                {
                    var count = Math.Min(rows, to - y);
                    var decoded = codec.GetScanlines((IntPtr)pixels, count, info.RowBytes);
                    if (decoded < count)
                        throw new ImageRejectedException(ImageProblem.Truncated, $"truncated {format}: the pixel data ends or breaks off before the image does (row {y + decoded} of {info.Height})");
                    DropAlpha(band.AsSpan(0, count * info.RowBytes), image.Pixels.AsSpan(y * w * 3, count * w * 3));
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(band);
        }
    }

    /// <summary>
    /// The rows from the split on, by a second codec that skips (reads without decoding) the rows above.
    /// </summary>
    private sealed class LowerPart(Func<SKCodec> open, SKImageInfo info, string format, RgbImage image, int split)
    {
        private const int Waiting = 0, Running = 1, TakenBack = 2;
        private int _state;

        public bool Succeeded { get; private set; }

        public void Run()
        {
            if (Interlocked.CompareExchange(ref _state, Running, Waiting) != Waiting)
                return;
            try
            {
                using var codec = open();
                if (StartsByRows(codec, info) && codec.SkipScanlines(split))
                {
                    ReadBand(codec, info, format, image, split, info.Height);
                    Succeeded = true;
                    TwoPartDecode.CountLowerPart();
                }
            }
            catch (Exception)
            {
                // Broken data (or anything else) below the split: the first codec reads these rows again, and
                // reports what a single decode would.
            }
        }

        /// <summary>True when the lower part had not started and now never will.</summary>
        public bool TakeBack() => Interlocked.CompareExchange(ref _state, TakenBack, Waiting) == Waiting;
    }

    /// <summary>
    /// The whole picture in one call, for codecs without row decoding: RGBA, then RGB (7 bytes a pixel at the peak).
    /// A small picture (the usual photo) decodes into a pooled buffer. A large one (a 40 MP PNG: 160 MB of RGBA) goes
    /// to native memory freed the moment the RGB copy is made, so it never waits for a collection of the large-object
    /// heap: 24 such images one after the other would otherwise leave gigabytes to the GC.
    /// </summary>
    private static unsafe RgbImage ReadWhole(SKCodec codec, SKImageInfo info, string format)
    {
        var pooled = info.BytesSize <= PooledDecodeBytes;
        var array = pooled ? ArrayPool<byte>.Shared.Rent(info.BytesSize) : null;
        if (!pooled)
            LargeArrays.Allocating(info.BytesSize); // the finished decodes go first, not after the new one is held
        var native = pooled ? null : (byte*)NativeMemory.Alloc((nuint)info.BytesSize);
        try
        {
            fixed (byte* managed = array)
            {
                var pixels = pooled ? managed : native;
                switch (codec.GetPixels(info, (IntPtr)pixels))
                {
                    case SKCodecResult.Success:
                        break;
                    case SKCodecResult.IncompleteInput:
                        throw new ImageRejectedException(ImageProblem.Truncated, $"truncated {format}: the file ends before the image does");
                    case var result:
                        throw new ImageRejectedException(ImageProblem.Corrupt, $"corrupt {format}: the pixel data cannot be decoded ({Describe(result)})");
                }
                var image = RgbImage.Uninitialized(info.Width, info.Height);
                DropAlpha(new ReadOnlySpan<byte>(pixels, info.BytesSize), image.Pixels);
                return image;
            }
        }
        finally
        {
            if (pooled)
                ArrayPool<byte>.Shared.Return(array!);
            else
                NativeMemory.Free(native);
        }
    }

    private static unsafe SKData CheckBytes(byte* start, int length, ImageLimits limits)
    {
        if (length == 0)
            throw new ImageRejectedException(ImageProblem.Empty, "not an image: the body is empty");
        if (length > limits.MaxBytes)
        {
            throw new ImageRejectedException(ImageProblem.TooManyBytes,
                $"image too large: {Megabytes(length)} (the limit is {Megabytes(limits.MaxBytes)})");
        }

        return SKData.Create((IntPtr)start, length);
    }

    private static SKCodec OpenCodec(SKData data, ImageLimits limits, out string format)
    {
        var codec = SKCodec.Create(new SKMemoryStream(data), out var result);
        if (codec is null)
        {
            // Skia says "incomplete" for any few bytes it cannot place; only bytes that start like an image are a truncated one.
            throw result == SKCodecResult.IncompleteInput && Sniff(data.AsSpan()) is { } started
                ? new ImageRejectedException(ImageProblem.Truncated, $"truncated {started}: the file ends inside its header")
                : new ImageRejectedException(ImageProblem.NotAnImage, "not an image: the bytes are not JPEG, PNG, WebP, GIF or BMP");
        }
        if (!Accepted.TryGetValue(codec.EncodedFormat, out var name))
        {
            var found = codec.EncodedFormat.ToString().ToUpperInvariant();
            codec.Dispose();
            throw new ImageRejectedException(ImageProblem.UnsupportedFormat,
                $"unsupported image format: {found} (send JPEG, PNG, WebP, GIF or BMP)");
        }
        var (w, h) = (codec.Info.Width, codec.Info.Height);
        if (w <= 0 || h <= 0)
        {
            codec.Dispose();
            throw new ImageRejectedException(ImageProblem.Corrupt, $"corrupt {name}: the header gives a size of {w}x{h}");
        }
        if ((long)w * h > limits.MaxPixels)
        {
            codec.Dispose();
            throw new ImageRejectedException(ImageProblem.TooManyPixels,
                $"image too large: {w}x{h} (the limit is {limits.MaxPixels / 1_000_000.0:0.#} megapixels)");
        }
        var ratio = (double)Math.Max(w, h) / Math.Min(w, h);
        if (ratio > limits.MaxAspectRatio)
        {
            codec.Dispose();
            throw new ImageRejectedException(ImageProblem.ExtremeShape,
                $"unusable image shape: {w}x{h} has one side {ratio:0.#} times the other (at most {limits.MaxAspectRatio:0.#} is accepted)");
        }
        format = name;
        return codec;
    }

    /// <summary>Names the format from its magic bytes, for messages about files too broken for a codec.</summary>
    private static string? Sniff(ReadOnlySpan<byte> bytes) => bytes switch
    {
        [0xFF, 0xD8, 0xFF, ..] => "JPEG",
        [0x89, (byte)'P', (byte)'N', (byte)'G', ..] => "PNG",
        [(byte)'G', (byte)'I', (byte)'F', ..] => "GIF",
        [(byte)'B', (byte)'M', ..] => "BMP",
        [(byte)'R', (byte)'I', (byte)'F', (byte)'F', _, _, _, _, (byte)'W', (byte)'E', (byte)'B', (byte)'P', ..] => "WebP",
        _ => null,
    };

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // a hot loop: fully optimised from the first call instead of after tiering
    private static void DropAlpha(ReadOnlySpan<byte> src, Span<byte> dst)
    {
        int s = 0, d = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            // Four RGBA pixels in, their twelve RGB bytes first out; the next store overwrites the last four.
            var dropAlpha = Vector128.Create((byte)0, 1, 2, 4, 5, 6, 8, 9, 10, 12, 13, 14, 0x80, 0x80, 0x80, 0x80);
            for (; d + 16 <= dst.Length; s += 16, d += 12)
                Vector128.Shuffle(Vector128.Create<byte>(src.Slice(s, 16)), dropAlpha).CopyTo(dst.Slice(d, 16));
        }
        for (; d < dst.Length; s += 4, d += 3)
        {
            dst[d] = src[s];
            dst[d + 1] = src[s + 1];
            dst[d + 2] = src[s + 2];
        }
    }

    private static string Describe(SKCodecResult result) => result switch
    {
        SKCodecResult.InvalidInput => "invalid data",
        SKCodecResult.ErrorInInput => "error in the data",
        _ => result.ToString(),
    };

    private static string Megabytes(long bytes) => $"{bytes / (1024.0 * 1024.0):0.#} MB";
}
