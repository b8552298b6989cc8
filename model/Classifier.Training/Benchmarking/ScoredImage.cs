using Classifier.Core.Inference;

namespace Classifier.Training.Benchmarking;

/// <summary>One scored image of the out-of-domain benchmark: its kind, whether it is in-domain, and what the model said.</summary>
public sealed record ScoredImage(string Kind, bool InDomain, float Score, PredictionStatus Status, bool? Correct);
