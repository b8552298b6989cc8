using Classifier.Core.Inference;
using Classifier.Pipeline.Monitoring;
using Microsoft.ApplicationInsights;

namespace Classifier.Functions;

/// <summary>
/// The counters' figures as Application Insights metrics, split by model version: predictions by status and
/// label, and the top probability. The SDK pre-aggregates per minute, so this costs no call per prediction.
/// </summary>
public sealed class ApplicationInsightsMetrics(TelemetryClient telemetry) : IPredictionMetrics
{
    public void Record(Prediction prediction)
    {
        var version = $"{prediction.Model.Name} {prediction.Model.Version}";
        telemetry.GetMetric("Predictions", "Model", "Status", "Label")
            .TrackValue(1, version, prediction.Status.JsonName(), prediction.Label ?? "(none)");
        if (prediction.Label is not null)
            telemetry.GetMetric("TopProbability", "Model").TrackValue(prediction.Confidence, version);
    }
}
