using System.ComponentModel;
using Classifier.Pipeline.Review;
using Classifier.Pipeline.Storage;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Classifier.Cli.Commands;

/// <summary>
/// The reviewed images of the review queue as one folder per label, for `classifier train --data DIR`.
/// Storage comes from the same AzureWebJobsStorage setting the app reads: a connection string, or
/// AzureWebJobsStorage__accountName for the signed-in identity (az login).
/// </summary>
public sealed class ExportReviewsCommand : AsyncCommand<ExportReviewsCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--out <DIR>"), Description("Folder to write, one subfolder per label.")]
        public string Out { get; init; } = "";

        [CommandOption("--storage <CONNECTION>"), Description("Storage connection string (default: the AzureWebJobsStorage setting from the environment).")]
        public string? Storage { get; init; }

        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(Out) ? ValidationResult.Error("give --out DIR, the folder to write the reviewed images into") : ValidationResult.Success();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        if (settings.Storage is { Length: > 0 } given)
            configuration[StorageAccount.SettingName] = given;
        var services = new ServiceCollection();
        services.AddAzureClientsCore(); // DefaultAzureCredential for an identity-based setting, as in the app
        var identity = services.BuildServiceProvider().GetRequiredService<AzureComponentFactory>();
        var queue = new ReviewQueue(TableAccount.Connect(configuration, identity));
        var exporter = new ReviewExporter(queue, StorageAccount.Connect(configuration, identity));

        var summary = await exporter.ExportAsync(settings.Out, cancellation);
        var total = summary.ImagesPerLabel.Values.Sum();
        AnsiConsole.MarkupLineInterpolated($"[bold]{total}[/] reviewed images written to {Path.GetFullPath(settings.Out)}");
        foreach (var (label, count) in summary.ImagesPerLabel)
            AnsiConsole.MarkupLineInterpolated($"  {label}: {count}");
        if (summary.Missing.Count > 0)
            AnsiConsole.MarkupLineInterpolated($"[yellow]{summary.Missing.Count} reviewed uploads are no longer in storage:[/] {string.Join(", ", summary.Missing.Take(5))}");
        if (total > 0)
            AnsiConsole.MarkupLineInterpolated($"Next: classifier train --data {settings.Out}");
        return 0;
    }
}
