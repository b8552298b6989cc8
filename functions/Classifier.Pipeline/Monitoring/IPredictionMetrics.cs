using Classifier.Core.Inference;

namespace Classifier.Pipeline.Monitoring;

/// <summary>Where a host sends prediction metrics besides the counters table (Application Insights in Azure).</summary>
public interface IPredictionMetrics
{
    void Record(Prediction prediction);
}
