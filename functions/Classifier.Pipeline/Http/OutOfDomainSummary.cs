using System.Text.Json.Serialization;
using Classifier.Core.Inference;

namespace Classifier.Pipeline.Http;

/// <summary>GET /api/model's word on the out-of-domain score: whether predictions carry one, and if not, why.</summary>
public sealed record OutOfDomainSummary(
    bool Available,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Method,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] float? Threshold,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Reason)
{
    public static OutOfDomainSummary Of(ImageClassifier classifier) =>
        classifier.OutOfDomain is { } detector
            ? new(true, classifier.Card.OutOfDomain!.Method, detector.Threshold, null)
            : new(false, null, null, classifier.Card.Output.Features is null
                ? "the model has no features output, so its predictions carry no out-of-domain score"
                : "the model card has no out-of-domain statistics; `classifier calibrate` adds them");
}
