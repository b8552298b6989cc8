namespace Classifier.Core.Model;

/// <summary>What the model saw on its validation set: the reference against which drift is measured.</summary>
public sealed record ModelBaseline
{
    /// <summary>Share of each label among the held-out validation images calibration scored (sums to 1), as every other figure here.</summary>
    public IReadOnlyDictionary<string, float> LabelShares { get; init; } = new Dictionary<string, float>();
    public float UncertainRate { get; init; }
    public float OutOfDomainRate { get; init; }
    public float MeanConfidence { get; init; }
}
