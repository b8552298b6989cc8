namespace Classifier.Pipeline.Review;

/// <summary>A page of the queue and the token for the next one (null on the last page).</summary>
public sealed record ReviewPage(IReadOnlyList<ReviewItem> Items, string? Continuation);
