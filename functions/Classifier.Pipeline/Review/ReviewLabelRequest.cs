namespace Classifier.Pipeline.Review;

/// <summary>POST /api/review/{name}'s body: one of the model's labels, or "none" when the image shows none of them.</summary>
public sealed record ReviewLabelRequest(string Label);
