using Classifier.Core.DefaultModel;
using Classifier.Core.Inference;
using Classifier.Core.Model;

namespace TestSupport;

/// <summary>The default model with a card baseline as `classifier train` writes one (every label a tenth), so drift can be measured.</summary>
public static class BaselineModel
{
    /// <param name="version">The card's version, so the counters of one test's model are told apart.</param>
    /// <param name="minConfidence">The card's threshold instead of the default's.</param>
    public static ImageClassifier Load(string version, float? minConfidence = null)
    {
        var package = DefaultModelPackage.Ensure();
        var card = package.Card with
        {
            Version = version,
            MinConfidence = minConfidence ?? package.Card.MinConfidence,
            Baseline = new ModelBaseline
            {
                LabelShares = package.Card.Labels.ToDictionary(l => l, _ => 0.1f),
                UncertainRate = 0.05f,
                OutOfDomainRate = 0.05f,
                MeanConfidence = 0.9f,
            },
        };
        return ImageClassifier.Load(package with { Card = card }, new ClassifierOptions { IntraOpThreads = 2 });
    }
}
