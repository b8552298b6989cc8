using Classifier.Core.Imaging;

namespace Classifier.Training;

/// <summary>One training or evaluation example: a stable id (for caches and reports), its label, and its pixels on demand.</summary>
public sealed record LabeledImage(string Id, string Label, Func<RgbImage> Load);
