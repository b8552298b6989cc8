namespace Classifier.Core.Imaging;

/// <summary>
/// What libjpeg-turbo holds for a progressive JPEG besides the pixels: the whole image's DCT coefficients
/// (2 bytes each, 64 per 8x8 block of every component at full resolution, whatever the scale of the decode),
/// filled by reading every scan before the first row comes out. A 40 MP progressive file of 230 KB holds about
/// 120 MB there, while its fast decode at 1/8 holds 2 MB of RGB. Read from the frame header, before any decode.
/// </summary>
internal static class ProgressiveJpeg
{
    /// <summary>The coefficient buffer's bytes for a progressive JPEG; 0 for a baseline one or bytes it cannot read.</summary>
    public static long CoefficientBytes(ReadOnlySpan<byte> jpeg) =>
        FindFrame(jpeg, out var marker, out var frame) && marker is 0xC2 or 0xC6 or 0xCA or 0xCE ? FrameCoefficients(frame) : 0;

    /// <summary>Whether the frame header says baseline or extended sequential Huffman (SOF0, SOF1): one scan pass, rows as they come.</summary>
    public static bool IsSequential(ReadOnlySpan<byte> jpeg) => FindFrame(jpeg, out var marker, out _) && marker is 0xC0 or 0xC1;

    /// <summary>The first frame header (SOFn) before any scan: its marker and its body after the length.</summary>
    private static bool FindFrame(ReadOnlySpan<byte> jpeg, out byte marker, out ReadOnlySpan<byte> frame)
    {
        frame = default;
        var i = 2; // past SOI
        while (i + 4 <= jpeg.Length && jpeg[i] == 0xFF)
        {
            marker = jpeg[i + 1];
            if (marker == 0xFF)
            {
                i++; // fill byte
                continue;
            }
            if (marker is 0xD8 or 0x01 or >= 0xD0 and <= 0xD7)
            {
                i += 2; // no length
                continue;
            }
            if (marker is 0xDA or 0xD9)
                break; // scan data or the end before any frame header
            var length = (jpeg[i + 2] << 8) | jpeg[i + 3];
            if (marker is >= 0xC0 and <= 0xCF and not (0xC4 or 0xC8 or 0xCC))
            {
                frame = jpeg.Slice(i + 4, Math.Clamp(length - 2, 0, jpeg.Length - i - 4));
                return true;
            }
            i += 2 + length;
        }
        marker = 0;
        return false;
    }

    /// <summary>SOF: precision, height, width, components (id, sampling factors, table); blocks padded to whole MCUs as libjpeg pads them.</summary>
    private static long FrameCoefficients(ReadOnlySpan<byte> frame)
    {
        if (frame.Length < 6)
            return 0;
        var (height, width, count) = ((frame[1] << 8) | frame[2], (frame[3] << 8) | frame[4], frame[5]);
        if (frame.Length < 6 + (3 * count) || count == 0)
            return 0;
        int maxH = 1, maxV = 1;
        for (var c = 0; c < count; c++)
        {
            maxH = Math.Max(maxH, frame[7 + (3 * c)] >> 4);
            maxV = Math.Max(maxV, frame[7 + (3 * c)] & 0x0F);
        }
        long blocks = 0;
        for (var c = 0; c < count; c++)
        {
            var (h, v) = (Math.Max(1, frame[7 + (3 * c)] >> 4), Math.Max(1, frame[7 + (3 * c)] & 0x0F));
            blocks += RoundUp(Ceiling(Ceiling((long)width * h, maxH), 8), h) * RoundUp(Ceiling(Ceiling((long)height * v, maxV), 8), v);
        }
        return blocks * 64 * sizeof(short);
    }

    private static long Ceiling(long a, long b) => (a + b - 1) / b;

    private static long RoundUp(long a, long multiple) => Ceiling(a, multiple) * multiple;
}
