namespace Classifier.Core.Model;

/// <summary>A model on disk: a folder holding <c>model.onnx</c> and its card <c>model.json</c>.</summary>
public sealed record ModelPackage(string Directory, ModelCard Card)
{
    public const string OnnxFileName = "model.onnx";
    public const string CardFileName = "model.json";
    /// <summary>The package's int8 twin of model.onnx (written by <c>classifier quantize</c>), when it has one.</summary>
    public const string Int8OnnxFileName = "model.int8.onnx";

    public string OnnxPath => Path.Combine(Directory, OnnxFileName);
    public string Int8OnnxPath => Path.Combine(Directory, Int8OnnxFileName);
    public bool HasInt8 => File.Exists(Int8OnnxPath);

    /// <summary>The file to serve: the int8 model when asked for and present, else model.onnx.</summary>
    public string OnnxPathFor(ModelPrecision precision) => precision == ModelPrecision.Int8 && HasInt8 ? Int8OnnxPath : OnnxPath;

    public static ModelPackage Load(string directory)
    {
        var dir = Path.GetFullPath(directory);
        if (File.Exists(dir)) // a common slip: the path of model.onnx or model.json itself
            throw new ModelLoadException($"{dir} is a file: give the folder that holds {OnnxFileName} and {CardFileName} ({Path.GetDirectoryName(dir)})");
        if (!System.IO.Directory.Exists(dir))
            throw new ModelLoadException($"model folder not found: {dir}");
        var cardPath = Path.Combine(dir, CardFileName);
        if (!File.Exists(cardPath))
            throw new ModelLoadException($"{dir} has no {CardFileName} (the model card)");
        var onnxPath = Path.Combine(dir, OnnxFileName);
        if (!File.Exists(onnxPath))
            throw new ModelLoadException($"{dir} has no {OnnxFileName}");
        var card = ModelCard.Load(cardPath);
        OnnxFileCheck.Check(onnxPath);
        return new ModelPackage(dir, card);
    }
}

/// <summary>Which weights to serve: int8 (quantized, when the package has them) or the float original.</summary>
public enum ModelPrecision
{
    Int8,
    Fp32,
}
