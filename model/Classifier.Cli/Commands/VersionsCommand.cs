using System.ComponentModel;
using System.Globalization;
using Classifier.Core.Model;
using Classifier.Pipeline.Model;
using Microsoft.Extensions.Logging.Abstractions;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Classifier.Cli.Commands;

/// <summary>Lists the model versions storage can serve: the built-in default, the root layout, and every published folder.</summary>
public sealed class VersionsCommand : AsyncCommand<VersionsCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--storage <CONNECTION>"), Description(CliStorage.StorageHelp)]
        public string? Storage { get; init; }

        [CommandOption("--container <NAME>"), Description("The models container."), DefaultValue(Pipeline.Storage.Containers.Models)]
        public string Container { get; init; } = Pipeline.Storage.Containers.Models;
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        var store = new ModelVersionStore(new CliStorage(settings.Storage).Blobs().GetBlobContainerClient(settings.Container), NullLogger.Instance);
        foreach (var version in await store.ListAsync(cancellation))
        {
            var where = version.Source == PackageSource.BuiltIn ? "built-in"
                : version.IsRootLayout ? $"{settings.Container}/ (files at the root)"
                : $"{settings.Container}/{version.Prefix}";
            var state = !version.Complete ? "incomplete: no manifest.json, cannot be served; publish it again"
                : version.PublishedAt is { } at ? $"{Sizes.Of(version.Bytes)}, {at.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC"
                : version.Source == PackageSource.BuiltIn ? "ships with the app" : Sizes.Of(version.Bytes);
            AnsiConsole.MarkupLineInterpolated($"[bold]{version.Version}[/]  {where}  {state}");
        }
        return 0;
    }
}
