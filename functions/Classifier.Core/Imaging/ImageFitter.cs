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
        // The region is never copied out: the resampler reads it in place, and black where it passes the image.
        return BilinearResampler.Resize(image, left, top, regionW, regionH, width, height);
    }
}
