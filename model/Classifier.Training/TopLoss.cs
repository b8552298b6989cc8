namespace Classifier.Training;

/// <summary>A wrong prediction and its cross-entropy loss: high loss means high confidence in the wrong answer.</summary>
public sealed record TopLoss(string Id, string Actual, string Predicted, double Probability, double Loss)
{
    /// <summary>What the list is, for people reading a report.</summary>
    public const string Explanation =
        "the wrongly predicted images, worst first by cross-entropy loss (-ln of the probability given to the actual label), the largest losses fastai's plot_top_losses shows";
}
