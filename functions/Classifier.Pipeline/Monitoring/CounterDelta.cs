using Classifier.Core.Inference;

namespace Classifier.Pipeline.Monitoring;

/// <summary>
/// Counts for one hour and one model version: predictions by status and by label, and the sum of top
/// probabilities (mean = sum / classified). Deltas add up, so shards are summed at read time.
/// </summary>
public sealed class CounterDelta
{
    public long Total { get; set; }
    public Dictionary<string, long> Statuses { get; init; } = new(StringComparer.Ordinal);
    public Dictionary<string, long> Labels { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Predictions that have a label (every status but rejected and failed).</summary>
    public long Classified { get; set; }
    public double ConfidenceSum { get; set; }

    public bool IsEmpty => Total == 0;

    public static CounterDelta Of(Prediction prediction)
    {
        var delta = new CounterDelta { Total = 1 };
        delta.Statuses[prediction.Status.JsonName()] = 1;
        if (prediction.Label is { } label)
        {
            delta.Labels[label] = 1;
            delta.Classified = 1;
            delta.ConfidenceSum = prediction.Confidence;
        }
        return delta;
    }

    public void Add(CounterDelta other)
    {
        Total += other.Total;
        Classified += other.Classified;
        ConfidenceSum += other.ConfidenceSum;
        foreach (var (status, count) in other.Statuses)
            Statuses[status] = Statuses.GetValueOrDefault(status) + count;
        foreach (var (label, count) in other.Labels)
            Labels[label] = Labels.GetValueOrDefault(label) + count;
    }

    public CounterDelta Copy()
    {
        var copy = new CounterDelta();
        copy.Add(this);
        return copy;
    }

    public long Status(PredictionStatus status) => Statuses.GetValueOrDefault(status.JsonName());
}
