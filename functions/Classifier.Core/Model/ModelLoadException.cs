namespace Classifier.Core.Model;

/// <summary>A model package that cannot be used: missing files, or a card that does not match the ONNX model.</summary>
public sealed class ModelLoadException(string message, Exception? inner = null) : Exception(message, inner);
