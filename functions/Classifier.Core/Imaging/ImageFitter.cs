using Classifier.Core.Model;

namespace Classifier.Core.Imaging;

/// <summary>
/// Brings an image to the model's size the way fastai's <c>Resize</c> does at inference time:
/// squish stretches; crop takes the centred region with the target's aspect ratio; pad centres the
/// image on a black canvas with the target's aspect ratio. The chosen region is then resized bilinearly.
/// </summary>
public static class ImageFitter
{
    public static RgbImage Fit(RgbImage image, int width, int height, ResizeMethod method)
    {
        if (method == ResizeMethod.Squish)
            return BilinearResampler.Resize(image, width, height);

        var (w, h) = (image.Width, image.Height);
        // Crop keeps the smaller ratio (the region fits inside the image); pad the larger (the image fits inside the region).
        var ratioW = (double)w / width;
        var ratioH = (double)h / height;
        var m = method == ResizeMethod.Crop ? Math.Min(ratioW, ratioH) : Math.Max(ratioW, ratioH);
        var regionW = Math.Max(1, (int)(m * width));
        var regionH = Math.Max(1, (int)(m * height));
        var left = (int)(0.5 * (w - regionW));
        var top = (int)(0.5 * (h - regionH));
        return BilinearResampler.Resize(Region(image, left, top, regionW, regionH), width, height);
    }

    /// <summary>The region's pixels; parts outside the image are black, as with fastai's zero padding.</summary>
    private static RgbImage Region(RgbImage image, int left, int top, int width, int height)
    {
        if (left == 0 && top == 0 && width == image.Width && height == image.Height)
            return image;
        var region = new RgbImage(width, height);
        var x0 = Math.Max(0, left);
        var x1 = Math.Min(image.Width, left + width);
        if (x1 <= x0)
            return region;
        for (var y = Math.Max(0, top); y < Math.Min(image.Height, top + height); y++)
        {
            Array.Copy(image.Pixels, ((y * image.Width) + x0) * 3,
                region.Pixels, (((y - top) * width) + (x0 - left)) * 3, (x1 - x0) * 3);
        }
        return region;
    }
}
