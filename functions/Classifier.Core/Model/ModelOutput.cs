namespace Classifier.Core.Model;

/// <summary>The model's class-score output and, optionally, its feature output (used for training a new head).</summary>
public sealed record ModelOutput
{
    public string Name { get; init; } = "";
    public OutputKind Kind { get; init; } = OutputKind.Logits;
    /// <summary>Name of an output with one feature vector per image, when the model exposes one.</summary>
    public string? Features { get; init; }
}
