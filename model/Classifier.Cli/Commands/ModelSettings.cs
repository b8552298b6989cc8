using System.ComponentModel;
using Classifier.Core.DefaultModel;
using Classifier.Core.Inference;
using Classifier.Core.Model;
using Spectre.Console.Cli;

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

public sealed class ModelOption
{
    public const string Template = "--model <DIR>";
    public const string Help = "Model package folder (model.onnx + model.json); default: the built-in model.";
    public const string PrecisionTemplate = "--precision <PRECISION>";
    public const string PrecisionHelp = "int8: the package's model.int8.onnx when it has one (else model.onnx); fp32: always model.onnx.";
}

public class ModelCommandSettings : CommandSettings, IModelSettings
{
    [CommandOption(ModelOption.Template), Description(ModelOption.Help)]
    public string? Model { get; init; }

    [CommandOption(ModelOption.PrecisionTemplate), Description(ModelOption.PrecisionHelp), DefaultValue(ModelPrecision.Int8)]
    public ModelPrecision Precision { get; init; } = ModelPrecision.Int8;
}
