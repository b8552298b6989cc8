using Classifier.Core.Model;

namespace Classifier.Core.Imaging;

/// <summary>The card's resize settings together: method, how pad fills the border, and random-resized-crop's margin.</summary>
public sealed record ImageFit(ResizeMethod Method, PadMode PadMode = PadMode.Reflection, double ValXtra = ImageFit.DefaultValXtra)
{
    /// <summary>fastai's <c>RandomResizedCrop(val_xtra=0.14)</c>.</summary>
    public const double DefaultValXtra = 0.14;

    public static implicit operator ImageFit(ResizeMethod method) => new(method);

    /// <summary>
    /// The margin random-resized-crop adds to both sides before its centre cut: the larger side times valXtra,
    /// rounded up to a multiple of 8 (32 for 224), as fastai computes it for the validation set.
    /// </summary>
    public static int Margin(int width, int height, double valXtra) =>
        (int)Math.Ceiling(Math.Max(width, height) * valXtra / 8) * 8;
}
