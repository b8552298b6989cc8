using Classifier.Core.Inference;

namespace Classifier.Pipeline.Monitoring;

/// <summary>The local runner and the tests: the counters table is the only record.</summary>
public sealed class NoPredictionMetrics : IPredictionMetrics
{
    public void Record(Prediction prediction)
    {
    }
}
