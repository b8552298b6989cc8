using Classifier.Core.Inference;

namespace Classifier.Pipeline.Review;

/// <summary>
/// One queued upload as the API shows it: the model's verdict (status is the prediction's own status,
/// uncertain or out-of-domain), its top predictions, and the reviewer's label and time once given. An item
/// the shadow candidate disagreed on has the reason "disagreement" and the candidate's label beside live's.
/// </summary>
public sealed record ReviewItem
{
    public const string Disagreement = "disagreement";

    public required string Name { get; init; }
    public PredictionStatus Status { get; init; }
    public string Review { get; init; } = ReviewState.Pending;
    public string? Label { get; init; }
    public float Confidence { get; init; }
    public OutOfDomainScore? OutOfDomain { get; init; }
    public IReadOnlyList<LabelProbability> Predictions { get; init; } = [];
    public required ModelInfo Model { get; init; }
    public DateTimeOffset ProcessedAt { get; init; }
    public string? ReviewedLabel { get; init; }
    public DateTimeOffset? ReviewedAt { get; init; }

    /// <summary>Why it is queued: "uncertain", "out-of-domain" or "disagreement".</summary>
    public string? Reason { get; init; }

    /// <summary>The shadow candidate's label and its name@version, for a disagreement.</summary>
    public string? CandidateLabel { get; init; }
    public string? CandidateModel { get; init; }

    /// <summary>The labels a reviewer may give it: those of the version that answered (<see cref="Model"/>), which a candidate may name differently from live.</summary>
    public IReadOnlyList<string>? Labels { get; init; }
}
