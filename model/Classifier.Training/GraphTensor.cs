namespace Classifier.Training;

/// <summary>One input or output of the ONNX graph: name, element type and shape (symbolic sizes by name).</summary>
public sealed record GraphTensor(string Name, string ElementType, IReadOnlyList<string> Shape)
{
    public override string ToString() => $"{Name} {ElementType} [{string.Join(", ", Shape)}]";
}
