namespace Classifier.Cli.Commands;

public sealed class ModelOption
{
    public const string Template = "--model <DIR>";
    public const string Help = "Model package folder (model.onnx + model.json); default: the built-in model.";
    public const string PrecisionTemplate = "--precision <PRECISION>";
    public const string PrecisionHelp = "int8: the package's model.int8.onnx when it has one (else model.onnx); fp32: always model.onnx.";
}
