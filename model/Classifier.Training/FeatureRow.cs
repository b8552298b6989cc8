namespace Classifier.Training;

/// <summary>The features of one example, or why it was skipped.</summary>
public sealed record FeatureRow(LabeledImage Item, int Variant, float[]? Features, string? Problem);
