using Classifier.Core.DefaultModel;
using Classifier.Core.Inference;

namespace TestSupport;

/// <summary>The real default model, loaded once for the whole test run (one ONNX session per process, as in production).</summary>
public static class SharedModel
{
    private static readonly Lazy<ImageClassifier> Loaded = new(() =>
        ImageClassifier.Load(DefaultModelPackage.Ensure(), new ClassifierOptions { IntraOpThreads = 2 }));

    public static ImageClassifier Classifier => Loaded.Value;
}
