using System.ComponentModel;
using Classifier.Pipeline.Review;
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

        [CommandOption("--storage <CONNECTION>"), Description(CliStorage.StorageHelp)]
        public string? Storage { get; init; }

        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(Out) ? ValidationResult.Error("give --out DIR, the folder to write the reviewed images into") : ValidationResult.Success();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        var storage = new CliStorage(settings.Storage);
        var exporter = new ReviewExporter(new ReviewQueue(storage.Tables()), storage.Blobs());

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
