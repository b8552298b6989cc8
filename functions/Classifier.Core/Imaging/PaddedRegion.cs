using Classifier.Core.Model;

namespace Classifier.Core.Imaging;

/// <summary>
/// A rectangle of an image that may reach past its edges, filled there as fastai's <c>crop_pad</c> does:
/// crop to the part inside, then torchvision's <c>pad</c> (NumPy's <c>np.pad</c> for reflect and edge,
/// black for zeros). Each axis is independent, so one index map per axis describes the whole region.
/// </summary>
internal static class PaddedRegion
{
    public static RgbImage Extract(RgbImage image, int left, int top, int width, int height, PadMode mode)
    {
        if (left == 0 && top == 0 && width == image.Width && height == image.Height)
            return image;
        var columns = AxisMap(left, width, image.Width, mode);
        var rows = AxisMap(top, height, image.Height, mode);
        var region = new RgbImage(width, height);
        var (src, dst) = (image.Pixels, region.Pixels);
        for (var y = 0; y < height; y++)
        {
            if (rows[y] < 0)
                continue; // a zero-padded row stays black
            var srcRow = rows[y] * image.Width * 3;
            var dstRow = y * width * 3;
            for (var x = 0; x < width; x++)
            {
                var sx = columns[x];
                if (sx < 0)
                    continue;
                var s = srcRow + (sx * 3);
                var d = dstRow + (x * 3);
                dst[d] = src[s];
                dst[d + 1] = src[s + 1];
                dst[d + 2] = src[s + 2];
            }
        }
        return region;
    }

    /// <summary>For each output index along one axis: the source index, or -1 for black.</summary>
    internal static int[] AxisMap(int start, int size, int length, PadMode mode)
    {
        // fastai crops to [max(start, 0), min(start + size, length)) first, then pads what is missing on each side.
        var first = Math.Max(start, 0);
        var kept = Math.Min(start + size, length) - first;
        var before = Math.Max(-start, 0);
        var after = size - before - kept;
        if (kept <= 0)
            return Enumerable.Repeat(-1, size).ToArray();

        var map = new int[size];
        for (var i = 0; i < size; i++)
            map[i] = i >= before && i < before + kept ? first + (i - before) : -1;
        if (mode == PadMode.Zeros || (before == 0 && after == 0))
            return map;
        if (mode == PadMode.Border || kept == 1) // NumPy pads a single row or column by repeating it, also for reflect
        {
            for (var i = 0; i < size; i++)
                map[i] = first + Math.Clamp(i - before, 0, kept - 1);
            return map;
        }
        ReflectLikeNumPy(map, before, after);
        return map;
    }

    /// <summary>
    /// NumPy's reflect padding, step for step: each round mirrors at most (filled length - 1) values on
    /// each side about the current edge, left first. When a pad is wider than the image this is not a plain
    /// periodic mirror, so the rounds are reproduced rather than a formula.
    /// </summary>
    private static void ReflectLikeNumPy(int[] map, int left, int right)
    {
        var n = map.Length;
        while (left > 0 || right > 0)
        {
            var chunkLimit = n - left - right - 1;
            if (left > 0)
            {
                var chunk = Math.Min(chunkLimit, left);
                for (var k = 1; k <= chunk; k++)
                    map[left - k] = map[left + k];
                left -= chunk;
            }
            if (right > 0)
            {
                var chunk = Math.Min(chunkLimit, right);
                var edge = n - right - 1;
                for (var k = 1; k <= chunk; k++)
                    map[edge + k] = map[edge - k];
                right -= chunk;
            }
        }
    }
}
