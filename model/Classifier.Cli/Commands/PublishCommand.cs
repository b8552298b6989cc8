using System.ComponentModel;
using Classifier.Core.Model;
using Classifier.Pipeline.Model;
using Classifier.Training;
using Microsoft.Extensions.Logging.Abstractions;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Classifier.Cli.Commands;

/// <summary>
/// Uploads a checked package to models/{name}/{version}/: checked first as `classifier check` checks it,
/// then every file, then the manifest, so the version is visible whole or not at all. Versions never change.
/// </summary>
public sealed class PublishCommand : AsyncCommand<PublishCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--model <DIR>"), Description("The package folder to publish (model.onnx + model.json and the files beside them).")]
        public string? Model { get; init; }

        [CommandOption("--storage <CONNECTION>"), Description(CliStorage.StorageHelp)]
        public string? Storage { get; init; }

        [CommandOption("--container <NAME>"), Description("The models container."), DefaultValue(Pipeline.Storage.Containers.Models)]
        public string Container { get; init; } = Pipeline.Storage.Containers.Models;

        public override ValidationResult Validate() =>
            Model is null ? ValidationResult.Error("give the package to publish: --model DIR") : ValidationResult.Success();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        var report = PackageInspector.Inspect(settings.Model!); // the same checks as `classifier check`, test inference included
        foreach (var warning in report.Warnings)
            AnsiConsole.MarkupLineInterpolated($"[yellow]warning:[/] {warning}");
        var package = ModelPackage.Load(settings.Model!);
        var store = new ModelVersionStore(new CliStorage(settings.Storage).Blobs().GetBlobContainerClient(settings.Container), NullLogger.Instance);
        var outcome = await store.PublishAsync(package, cancellation);
        var where = $"{settings.Container}/{outcome.Version.Prefix}";
        if (outcome.AlreadyPublished)
            AnsiConsole.MarkupLineInterpolated($"{outcome.Version} is already published with this content in {where}: nothing to do");
        else
            AnsiConsole.MarkupLineInterpolated($"[green]published {outcome.Version}[/] to {where}: {outcome.Manifest.Files.Count} files, {Sizes.Of(outcome.Manifest.Files.Sum(f => f.Bytes))}, manifest written last");
        return 0;
    }
}
