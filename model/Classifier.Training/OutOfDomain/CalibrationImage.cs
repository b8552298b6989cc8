namespace Classifier.Training.OutOfDomain;

/// <summary>Features, true label and the model's class probabilities of one labelled in-domain image.</summary>
public sealed record CalibrationImage(float[] Features, int Label, float[] Probabilities);
