using Classifier.Core.DefaultModel;
using Classifier.Core.Imaging;
using Classifier.Core.Model;
using Microsoft.ML.OnnxRuntime;

namespace Classifier.Core.Inference;

/// <summary>
/// Start-up work that every served model needs, whichever it is: loading ONNX Runtime's native library and
/// compiling the card reader and the image decoder. A host starts it first thing, on a second core, while it
/// builds its web host; the model load then finds it done (the runtime alone takes 80-150 ms to load; see
/// docs/performance.md, "Cold start and memory"). It changes nothing a request sees and never fails a start.
/// </summary>
public static class StartupWarmUp
{
    /// <summary>A 1x1 grey PNG: enough to load the decoder's native code and compile the decode path.</summary>
    private static readonly byte[] TinyPng = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNoAAAAggCBd81ytgAAAABJRU5ErkJggg==");

    public static Task Start() => Task.Run(Run);

    private static void Run()
    {
        try
        {
            _ = OrtEnv.Instance();
            var card = Path.Combine(DefaultModelPackage.SourceDirectory, ModelPackage.CardFileName);
            var fit = File.Exists(card) ? ModelCard.Load(card).Fit : new ImageFit(ResizeMethod.Squish);
            ImageFitter.Fit(ImageDecoder.Decode(TinyPng), 8, 8, fit);
        }
        catch (Exception)
        {
            // Only a head start: whatever fails here fails again, and is reported, where it really happens.
        }
    }
}
