namespace Classifier.Core.Inference;

/// <summary>How far the image's features lie from the training data, and the card's threshold for "out-of-domain".</summary>
public sealed record OutOfDomainScore(float Score, float Threshold);
