namespace Classifier.Core.Inference;

/// <summary>Per-image class probabilities and, when the model exposes them, feature vectors.</summary>
internal sealed record ModelRun(float[][] Scores, float[][]? Features);
