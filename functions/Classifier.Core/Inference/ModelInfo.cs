namespace Classifier.Core.Inference;

public sealed record ModelInfo(string Name, string Version);
