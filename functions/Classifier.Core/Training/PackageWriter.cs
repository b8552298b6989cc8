using Classifier.Core.DefaultModel;
using Classifier.Core.Model;

namespace Classifier.Core.Training;

/// <summary>Writes a trained head as a complete model package: merged model.onnx, model.json and head.json.</summary>
public static class PackageWriter
{
    public static ModelPackage Write(string directory, ModelCard card, LinearHead head)
    {
        Directory.CreateDirectory(directory);
        head.Save(Path.Combine(directory, LinearHead.FileName));
        File.WriteAllText(Path.Combine(directory, ModelPackage.CardFileName), card.ToJson() + "\n");
        ModelAssembler.Build(BackboneParts.InAppDirectory(), head, Path.Combine(directory, ModelPackage.OnnxFileName));
        return ModelPackage.Load(directory);
    }
}
