using Classifier.Core.Imaging;

namespace Classifier.Training;

/// <summary>
/// Random variants of a training image, in the spirit of fastai's RandomResizedCrop + aug_transforms:
/// a random crop (35-100 % of the area, aspect 3:4 to 4:3), horizontal flip, a small rotation and a
/// brightness/contrast change. Variant v of an image is always the same (seeded by its id), so cached
/// features stay valid.
/// </summary>
public static class Augmenter
{
    public static RgbImage Variant(RgbImage image, string id, int variant, int seed)
    {
        var random = new Random(StableHash(id) ^ (variant * 7919) ^ seed);
        var (w, h) = (image.Width, image.Height);

        var area = w * h * (0.35 + (0.65 * random.NextDouble()));
        var aspect = Math.Exp(Math.Log(3.0 / 4) + (random.NextDouble() * (Math.Log(4.0 / 3) - Math.Log(3.0 / 4))));
        var cw = Math.Clamp(Math.Sqrt(area * aspect), 1, w);
        var ch = Math.Clamp(Math.Sqrt(area / aspect), 1, h);
        var cx = (random.NextDouble() * (w - cw)) + (cw / 2);
        var cy = (random.NextDouble() * (h - ch)) + (ch / 2);
        var flip = random.NextDouble() < 0.5;
        var angle = (random.NextDouble() - 0.5) * 2 * 10 * Math.PI / 180;
        var brightness = (random.NextDouble() - 0.5) * 0.4 * 255;
        var contrast = 1 + ((random.NextDouble() - 0.5) * 0.4);

        // Output keeps the crop's size; each output pixel samples the source through the inverse transform.
        var (ow, oh) = (Math.Max(1, (int)cw), Math.Max(1, (int)ch));
        var result = new RgbImage(ow, oh);
        var (cos, sin) = (Math.Cos(angle), Math.Sin(angle));
        for (var y = 0; y < oh; y++)
        {
            for (var x = 0; x < ow; x++)
            {
                var dx = (flip ? ow - 1 - x : x) - ((ow - 1) / 2.0);
                var dy = y - ((oh - 1) / 2.0);
                var sx = cx - 0.5 + (cos * dx) - (sin * dy);
                var sy = cy - 0.5 + (sin * dx) + (cos * dy);
                var o = ((y * ow) + x) * 3;
                for (var c = 0; c < 3; c++)
                {
                    var v = Sample(image, sx, sy, c);
                    result.Pixels[o + c] = (byte)Math.Clamp(((v - 128) * contrast) + 128 + brightness, 0, 255);
                }
            }
        }
        return result;
    }

    /// <summary>Bilinear sample of one channel; outside the image is black (like zero padding).</summary>
    private static double Sample(RgbImage image, double x, double y, int channel)
    {
        var (x0, y0) = ((int)Math.Floor(x), (int)Math.Floor(y));
        var (fx, fy) = (x - x0, y - y0);
        double At(int px, int py) =>
            px < 0 || py < 0 || px >= image.Width || py >= image.Height ? 0 : image.Pixels[(((py * image.Width) + px) * 3) + channel];
        return (At(x0, y0) * (1 - fx) * (1 - fy)) + (At(x0 + 1, y0) * fx * (1 - fy))
             + (At(x0, y0 + 1) * (1 - fx) * fy) + (At(x0 + 1, y0 + 1) * fx * fy);
    }

    public static string StableHashHex(string text) => ((uint)StableHash(text)).ToString("x8");

    /// <summary>FNV-1a: string.GetHashCode is randomised per process, which would change the variants every run.</summary>
    internal static int StableHash(string text)
    {
        var hash = 2166136261u;
        foreach (var ch in text)
        {
            hash ^= ch;
            hash *= 16777619u;
        }
        return (int)hash;
    }
}
