namespace Classifier.Core.Inference;

/// <summary>Milliseconds spent preparing the image (decode, orientation, resize, tensor), running the model, and in total.</summary>
public sealed record Timings(double PreprocessMs, double InferenceMs, double TotalMs);
