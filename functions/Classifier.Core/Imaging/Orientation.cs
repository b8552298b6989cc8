using SkiaSharp;

namespace Classifier.Core.Imaging;

/// <summary>Turns a decoded image upright according to its EXIF orientation (what PIL's exif_transpose does).</summary>
internal static class Orientation
{
    public static RgbImage Apply(RgbImage image, SKEncodedOrigin origin)
    {
        if (origin is SKEncodedOrigin.TopLeft or 0)
            return image;

        var (w, h) = (image.Width, image.Height);
        var swaps = origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        var result = swaps ? RgbImage.Uninitialized(h, w) : RgbImage.Uninitialized(w, h);
        var (src, dst, outW) = (image.Pixels, result.Pixels, result.Width);

        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                // Where the stored pixel (x, y) lands in the upright image.
                var (ox, oy) = origin switch
                {
                    SKEncodedOrigin.TopRight => (w - 1 - x, y),           // mirrored
                    SKEncodedOrigin.BottomRight => (w - 1 - x, h - 1 - y), // rotated 180
                    SKEncodedOrigin.BottomLeft => (x, h - 1 - y),          // flipped
                    SKEncodedOrigin.LeftTop => (y, x),                     // transposed
                    SKEncodedOrigin.RightTop => (h - 1 - y, x),            // rotated 90 clockwise
                    SKEncodedOrigin.RightBottom => (h - 1 - y, w - 1 - x), // transversed
                    SKEncodedOrigin.LeftBottom => (y, w - 1 - x),          // rotated 90 counter-clockwise
                    _ => (x, y),
                };
                var s = ((y * w) + x) * 3;
                var d = ((oy * outW) + ox) * 3;
                dst[d] = src[s];
                dst[d + 1] = src[s + 1];
                dst[d + 2] = src[s + 2];
            }
        }
        return result;
    }
}
