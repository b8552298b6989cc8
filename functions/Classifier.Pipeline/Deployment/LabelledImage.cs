namespace Classifier.Pipeline.Deployment;

/// <summary>One image with the label a person gave it: a reviewed upload, or a file in a labelled folder.</summary>
public sealed record LabelledImage(string Name, string Label, byte[] Bytes);
