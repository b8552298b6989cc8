namespace Classifier.Core.Inference;

/// <summary>
/// confident: top probability at or over the card's minConfidence; uncertain: under it; out-of-domain: the
/// image's features are far from the training data (wins over the other two); rejected: not an image;
/// failed: the pipeline gave up after its retries (blob results only). Serialised in kebab case.
/// </summary>
public enum PredictionStatus
{
    Confident,
    Uncertain,
    OutOfDomain,
    Rejected,
    Failed,
}
