using Classifier.Core.DefaultModel;
using Classifier.Core.Model;
using Classifier.Training.OutOfDomain;

namespace Classifier.Training;

/// <summary>
/// Writes a trained head as a complete model package: merged model.onnx, model.json, head.json and, when
/// calibrated, the out-of-domain statistics the card names.
/// </summary>
public static class PackageWriter
{
    public static ModelPackage Write(string directory, ModelCard card, LinearHead head, OutOfDomainCalibration? outOfDomain = null)
    {
        Directory.CreateDirectory(directory);
        if (outOfDomain is not null)
            card = outOfDomain.WriteInto(directory, card);
        head.Save(Path.Combine(directory, LinearHead.FileName));
        File.WriteAllText(Path.Combine(directory, ModelPackage.CardFileName), card.ToJson() + "\n");
        ModelAssembler.Build(BackboneParts.InAppDirectory(), head, Path.Combine(directory, ModelPackage.OnnxFileName));
        return ModelPackage.Load(directory);
    }
}
