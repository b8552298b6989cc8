namespace Classifier.Core.Imaging;

/// <summary>How many codecs decode one JPEG's rows: chosen by <see cref="TwoPartDecode"/>, or fixed (tests compare the two).</summary>
internal enum DecodeParts
{
    Auto,
    One,
    Two,
}

/// <summary>
/// When a big baseline JPEG is decoded by two codecs at once, and where its rows are split.
/// </summary>
/// <remarks>
/// A JPEG's entropy-coded data has no entry points (phone photos carry no restart markers), so the lower
/// part's codec still reads the bits of every row above it, but only reads them: libjpeg-turbo's skip
/// discards the coefficients without the inverse DCT, upsampling and colour conversion that SkiaSharp's build
/// does without SIMD. With entropy work E and the rest O, the upper part costs s(E + O) and the lower one
/// sE + (1 - s)(E + O): both finish together at s = (E + O) / (E + 2O), so the upper part takes more rows.
/// The pixels are the same as one codec's, byte for byte (TwoPartDecodeTests).
/// <para>It costs CPU (the lower part's reading of the rows above it), so it is done only when no other decode
/// or inference is running and a core is free: one request on an idle instance gets its answer sooner, a busy
/// one keeps its throughput. A progressive JPEG never splits: each codec would hold the whole image's
/// coefficients. The second codec's band and libjpeg's row buffers (under 1 MB) are not charged to the pixel
/// budget: a split happens only when nothing else holds any of it.</para>
/// </remarks>
internal static class TwoPartDecode
{
    // Measured with SkiaSharp 4.155 on 2 cores (docs/performance.md), on a 4032x3024 phone JPEG of 1.19 MB:
    // skipping every row (entropy decoding alone) takes 12 ms; decoding takes 21 ms at 2/8 and 55 ms at full
    // size. So the entropy work is about 10 ns a byte, and the rest about 0.55 ns a source pixel (the inverse
    // DCT of every block, reduced or not) plus 3 ns an output pixel (upsampling, colour conversion).
    private const double EntropyNanosecondsPerByte = 10;
    private const double BlockNanosecondsPerSourcePixel = 0.55;
    private const double OutputNanosecondsPerPixel = 3;

    /// <summary>Below this saving a second codec's set-up and the hand-off to another thread are not worth it.</summary>
    private const double WorthNanoseconds = 1_000_000;

    private static long _lowerParts;

    /// <summary>How many lower parts a second codec has decoded in this process (tests check the split ran).</summary>
    public static long LowerPartsDecoded => Interlocked.Read(ref _lowerParts);

    public static void CountLowerPart() => Interlocked.Increment(ref _lowerParts);

    /// <summary>
    /// The first row of the lower part for a decode of <paramref name="encodedBytes"/> holding
    /// <paramref name="sourcePixels"/> to <paramref name="width"/> x <paramref name="height"/>, or 0 for one codec.
    /// <paramref name="alone"/>: no other decode or inference is running in the process (<see cref="CpuWork"/>).
    /// </summary>
    public static int SplitRow(DecodeParts parts, bool alone, long encodedBytes, long sourcePixels, int width, int height)
    {
        if (parts == DecodeParts.One || height < 2 || (parts == DecodeParts.Auto && (!alone || Environment.ProcessorCount < 2)))
            return 0;
        var entropy = EntropyNanosecondsPerByte * encodedBytes;
        var rest = (BlockNanosecondsPerSourcePixel * sourcePixels) + (OutputNanosecondsPerPixel * width * height);
        var upperShare = (entropy + rest) / (entropy + (2 * rest));
        var saved = (entropy + rest) * (1 - upperShare);
        if (parts == DecodeParts.Auto && saved < WorthNanoseconds)
            return 0;
        return Math.Clamp((int)Math.Round(height * upperShare), 1, height - 1);
    }
}
