using System.ComponentModel;
using Classifier.Core.DefaultModel;
using Classifier.Core.Model;
using Classifier.Core.Quantization;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Classifier.Cli.Commands;

/// <summary>Writes a ready default package (model.onnx + model.json) into a folder: publish uses it, so a deployed app needs no first-run merge.</summary>
public sealed class BuildDefaultCommand : Command<BuildDefaultCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--out <DIR>"), Description("Target folder.")]
        public string Out { get; init; } = "out/default-model";
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        var source = DefaultModelPackage.Ensure();
        Directory.CreateDirectory(settings.Out);
        // The stamp and head travel with the model, so the app knows the merge is current and uses it as is.
        var files = new[] { ModelPackage.OnnxFileName, ModelPackage.OnnxFileName + DefaultModelPackage.StampSuffix, ModelPackage.CardFileName, LinearHead.FileName,
            ModelPackage.Int8OnnxFileName, ModelPackage.Int8OnnxFileName + DefaultModelPackage.StampSuffix, ActivationRanges.FileName }
            .Concat(DefaultModelPackage.CompanionFiles(Path.Combine(source.Directory, ModelPackage.CardFileName)));
        foreach (var name in files.Where(name => File.Exists(Path.Combine(source.Directory, name))))
            File.Copy(Path.Combine(source.Directory, name), Path.Combine(settings.Out, name), overwrite: true);
        AnsiConsole.MarkupLineInterpolated($"default model {source.Card.Name} {source.Card.Version} written to {Path.GetFullPath(settings.Out)}");
        return 0;
    }
}
