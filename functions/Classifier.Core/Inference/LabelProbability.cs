namespace Classifier.Core.Inference;

public sealed record LabelProbability(string Label, float Probability);
