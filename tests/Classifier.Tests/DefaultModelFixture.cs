using Classifier.Core.DefaultModel;
using Classifier.Core.Inference;
using Classifier.Training;

namespace Classifier.Tests;

/// <summary>The built-in model, merged and loaded once for every test that needs it (about 1-2 s).</summary>
public sealed class DefaultModelFixture : IDisposable
{
    public ImageClassifier Classifier { get; } = ImageClassifier.Load(DefaultModelPackage.Ensure());

    /// <summary>The official test set from Debian's dataset-fashion-mnist (test.sh installs it).</summary>
    public Dataset TestSet { get; } = FashionMnist.Load(FashionMnist.DebianDirectory, "t10k");

    public void Dispose() => Classifier.Dispose();
}
