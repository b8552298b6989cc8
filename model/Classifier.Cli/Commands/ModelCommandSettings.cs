using System.ComponentModel;
using Classifier.Core.Model;
using Spectre.Console.Cli;

namespace Classifier.Cli.Commands;

public class ModelCommandSettings : CommandSettings, IModelSettings
{
    [CommandOption(ModelOption.Template), Description(ModelOption.Help)]
    public string? Model { get; init; }

    [CommandOption(ModelOption.PrecisionTemplate), Description(ModelOption.PrecisionHelp), DefaultValue(ModelPrecision.Int8)]
    public ModelPrecision Precision { get; init; } = ModelPrecision.Int8;
}
