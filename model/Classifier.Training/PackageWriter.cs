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
        head.Save(Path.Combine(directory, LinearHead.FileName));
        // model.onnx first: the statistics record the hash of the model they were measured on.
        ModelAssembler.Build(BackboneParts.InAppDirectory(), head, Path.Combine(directory, ModelPackage.OnnxFileName));
        if (outOfDomain is not null)
            card = outOfDomain.WriteInto(directory, card);
        File.WriteAllText(Path.Combine(directory, ModelPackage.CardFileName), card.ToJson() + "\n");
        // Not checked for derived files: an int8 twin of an earlier model in the folder is reported by the caller.
        return ModelPackage.LoadForRebuild(directory);
    }
}
