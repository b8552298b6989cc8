using Classifier.Core.Inference;

namespace Classifier.Pipeline.Monitoring;

/// <summary>Where a host sends prediction metrics besides the counters table (Application Insights in Azure).</summary>
public interface IPredictionMetrics
{
    void Record(Prediction prediction);
}

/// <summary>The local runner and the tests: the counters table is the only record.</summary>
public sealed class NoPredictionMetrics : IPredictionMetrics
{
    public void Record(Prediction prediction)
    {
    }
}
