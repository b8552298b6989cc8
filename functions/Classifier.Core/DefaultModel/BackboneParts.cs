namespace Classifier.Core.DefaultModel;

/// <summary>
/// The two ONNX files of the ImageNet ResNet18 shipped in NuGet Microsoft.ML.DnnImageFeaturizer.ResNet18:
/// a preprocessing graph (RGB 0..255 to BGR minus a mean image) and the backbone (512 features, no classifier).
/// The build copies them next to the assemblies under DnnImageModels/.
/// </summary>
public sealed record BackboneParts(string PreprocessPath, string BackbonePath)
{
    public const int InputSize = 224;
    public const int FeatureCount = 512;

    public static BackboneParts InAppDirectory()
    {
        var root = Path.Combine(AppContext.BaseDirectory, "DnnImageModels");
        var parts = new BackboneParts(
            Path.Combine(root, "ResNetPrepOnnx", "ResNetPreprocess.onnx"),
            Path.Combine(root, "ResNet18Onnx", "ResNet18.onnx"));
        foreach (var path in new[] { parts.PreprocessPath, parts.BackbonePath })
        {
            if (!File.Exists(path))
                throw new Model.ModelLoadException($"backbone part missing: {path} (it is copied from the NuGet package at build time; rebuild)");
        }
        return parts;
    }
}
