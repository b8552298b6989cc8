using System.ComponentModel;
using Classifier.Core.DefaultModel;
using Classifier.Core.Inference;
using Classifier.Core.Model;
using Spectre.Console.Cli;

namespace Classifier.Cli.Commands;

/// <summary>--model DIR, or the built-in default model when it is left out.</summary>
public interface IModelSettings
{
    string? Model { get; }
}

internal static class ModelSettingsExtensions
{
    public static ImageClassifier LoadClassifier(this IModelSettings settings, int intraOpThreads = 0) =>
        ImageClassifier.Load(settings.Model is null ? DefaultModelPackage.Ensure() : ModelPackage.Load(settings.Model),
            new ClassifierOptions { IntraOpThreads = intraOpThreads });
}

public sealed class ModelOption
{
    public const string Template = "--model <DIR>";
    public const string Help = "Model package folder (model.onnx + model.json); default: the built-in model.";
}

public class ModelCommandSettings : CommandSettings, IModelSettings
{
    [CommandOption(ModelOption.Template), Description(ModelOption.Help)]
    public string? Model { get; init; }
}
