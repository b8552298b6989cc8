using Classifier.Core.Model;

namespace Classifier.Training;

public sealed record TrainOptions
{
    public double ValidPct { get; init; } = 0.2;
    public int Seed { get; init; } = 42;
    public ResizeMethod Resize { get; init; } = ResizeMethod.Squish;
    public int Augment { get; init; }
    public IReadOnlyList<double> L2Grid { get; init; } = [1e-5, 1e-4, 1e-3, 1e-2];
    public int Epochs { get; init; } = 30;
    /// <summary>After choosing the regularisation on the validation split, fit the final head on every image.</summary>
    public bool RefitOnAll { get; init; }
    /// <summary>The card's minConfidence, for the baseline's uncertain rate.</summary>
    public float MinConfidence { get; init; } = 0.6f;
}
