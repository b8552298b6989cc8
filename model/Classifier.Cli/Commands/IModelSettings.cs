using Classifier.Core.DefaultModel;
using Classifier.Core.Inference;
using Classifier.Core.Model;

namespace Classifier.Cli.Commands;

/// <summary>--model DIR, or the built-in default model when it is left out; --precision picks int8 or fp32 weights.</summary>
public interface IModelSettings
{
    string? Model { get; }

    ModelPrecision Precision { get; }
}


internal static class ModelSettingsExtensions
{
    public static ImageClassifier LoadClassifier(this IModelSettings settings, int intraOpThreads = 0) =>
        ImageClassifier.Load(settings.LoadPackage(), new ClassifierOptions { IntraOpThreads = intraOpThreads, Precision = settings.Precision });

    public static ModelPackage LoadPackage(this IModelSettings settings) =>
        settings.Model is null ? DefaultModelPackage.Ensure() : ModelPackage.Load(settings.Model);
}
