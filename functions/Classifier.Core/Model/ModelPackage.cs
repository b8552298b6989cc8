namespace Classifier.Core.Model;

/// <summary>A model on disk: a folder holding <c>model.onnx</c> and its card <c>model.json</c>.</summary>
public sealed record ModelPackage(string Directory, ModelCard Card)
{
    public const string OnnxFileName = "model.onnx";
    public const string CardFileName = "model.json";

    public string OnnxPath => Path.Combine(Directory, OnnxFileName);

    public static ModelPackage Load(string directory)
    {
        var dir = Path.GetFullPath(directory);
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
