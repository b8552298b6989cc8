using Classifier.Core.Model;

namespace Classifier.Core.Imaging;

/// <summary>
/// Brings an image to the model's size the way fastai's item transforms do at inference time (their
/// validation behaviour): squish stretches; crop takes the centred region with the target's aspect ratio;
/// pad takes a centred region larger than the image and fills the border by the pad mode; random-resized-crop
/// squishes to the size plus a margin and cuts the centre. Every resize is Pillow's bilinear filter.
/// </summary>
public static class ImageFitter
{
    /// <summary>
    /// Reflection and border padding build the padded region in full before the resize (as fastai builds it),
    /// so a very elongated image (a 1x20,000 strip padded to a square) would need gigabytes: refuse a region
    /// over 36 megapixels (a 24-megapixel phone photo padded to a square, about 108 MB), as the decoder
    /// refuses a bomb. Crop and zero padding read the region in place and allocate nothing for it.
    /// </summary>
    public const long MaxRegionPixels = 36_000_000;

    public static RgbImage Fit(RgbImage image, int width, int height, ImageFit fit)
    {
        switch (fit.Method)
        {
            case ResizeMethod.Squish:
                return BilinearResampler.Resize(image, width, height);
            case ResizeMethod.RandomResizedCrop:
                var margin = ImageFit.Margin(width, height, fit.ValXtra);
                var squished = BilinearResampler.Resize(image, width + margin, height + margin);
                return CentreCut(squished, width, height);
        }

        var (w, h) = (image.Width, image.Height);
        // Crop keeps the smaller ratio (the region fits inside the image); pad the larger (the image fits inside the region).
        // The arithmetic (doubles, truncation toward zero) is fastai's, so regions agree to the pixel.
        var ratioW = (double)w / width;
        var ratioH = (double)h / height;
        var m = fit.Method == ResizeMethod.Crop ? Math.Min(ratioW, ratioH) : Math.Max(ratioW, ratioH);
        var regionW = (int)Math.Clamp(m * width, 1, int.MaxValue);
        var regionH = (int)Math.Clamp(m * height, 1, int.MaxValue);
        if (fit.Method == ResizeMethod.Pad && fit.PadMode != PadMode.Zeros && (long)regionW * regionH > MaxRegionPixels)
        {
            throw new ImageRejectedException(ImageProblem.TooManyPixels,
                $"image too elongated to pad: {w}x{h} padded to the model's shape would be {regionW}x{regionH} pixels (the limit is {MaxRegionPixels / 1_000_000} megapixels)");
        }
        var left = (int)(0.5 * (w - regionW));
        var top = (int)(0.5 * (h - regionH));
        if (fit.Method == ResizeMethod.Crop || fit.PadMode == PadMode.Zeros)
        {
            // The region is never copied out: the resampler reads it in place, and black where it passes the image.
            return BilinearResampler.Resize(image, left, top, regionW, regionH, width, height);
        }
        var region = PaddedRegion.Extract(image, left, top, regionW, regionH, fit.PadMode);
        return BilinearResampler.Resize(region, width, height);
    }

    /// <summary>fastai's <c>crop_pad(size)</c> on an image at least that large: offsets (big - size) // 2.</summary>
    private static RgbImage CentreCut(RgbImage image, int width, int height) =>
        PaddedRegion.Extract(image, (image.Width - width) / 2, (image.Height - height) / 2, width, height, PadMode.Zeros);
}
