using System.ComponentModel;
using System.Globalization;
using System.Runtime.CompilerServices;
using Classifier.Core.Inference;
using Classifier.Pipeline.Deployment;
using Classifier.Pipeline.Model;
using Classifier.Training;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Classifier.Cli.Commands;

/// <summary>
/// The live version (from the deployment record) against a candidate on the reviewed production images, or on a
/// labelled folder: the figures the promote gate judges by, before anyone asks it to.
/// </summary>
public sealed class CompareCommand : AsyncCommand<CompareCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--candidate <NAME@VERSION>"), Description("The published version to compare with the live one.")]
        public string? Candidate { get; init; }

        [CommandOption("--data <DIR>"), Description("Compare on this folder (one subfolder of images per label) instead of the reviewed production images.")]
        public string? Data { get; init; }

        [CommandOption("--json"), Description("Print the report as one JSON object.")]
        public bool Json { get; init; }

        [CommandOption("--storage <CONNECTION>"), Description(CliStorage.StorageHelp)]
        public string? Storage { get; init; }

        public override ValidationResult Validate() =>
            Candidate is null ? ValidationResult.Error("give the version to compare: --candidate name@version (classifier versions lists them)") : ValidationResult.Success();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        var candidate = ModelVersion.TryParse(settings.Candidate)
            ?? throw new InvalidOperationException($"--candidate must be name@version, as `classifier versions` lists them (got \"{settings.Candidate}\")");
        var deployment = new CliDeployment(settings.Storage);
        var (record, _) = await deployment.Service.ReadAsync(deployment.InitialLiveAsync, cancellation);
        if (candidate == record.Live)
            throw new InvalidOperationException($"{candidate} is the live version; compare another version with it");
        if (await deployment.Service.UnpublishedAsync(candidate, cancellation) is { } unpublished)
            throw new InvalidOperationException(unpublished);

        var missing = new List<string>();
        var images = settings.Data is { } folder ? Folder(folder, cancellation) : deployment.ReviewedImages(cancellation, missing.Add);
        var source = settings.Data is null ? "reviewed production images" : $"images of {Path.GetFullPath(settings.Data)}";
        var report = await StoredVersionComparison.RunAsync(deployment.Versions, record.Live, candidate, images, cancellation);
        if (report.Reviewed == 0)
        {
            throw new InvalidOperationException($"no {source} to compare on: none with a label both versions know"
                + (report.Skipped > 0 ? $" ({report.Skipped} skipped: a label such as \"none\" that a version lacks, or an unreadable image)" : "")
                + (settings.Data is null ? "; label uploads on /review/ first" : ""));
        }

        if (settings.Json)
        {
            Console.WriteLine(ApiJson.Indented(report));
            return 0;
        }
        AnsiConsole.MarkupLineInterpolated($"[bold]{report.Live}[/] (live) against [bold]{report.Candidate}[/] (candidate) on {report.Reviewed} {source}");
        AnsiConsole.MarkupLine("accuracy, with its 95 % Wilson score interval:");
        AnsiConsole.MarkupLineInterpolated($"  live       {report.LiveAccuracy.Describe(report.Reviewed)}");
        AnsiConsole.MarkupLineInterpolated($"  candidate  {report.CandidateAccuracy.Describe(report.Reviewed)}");
        AnsiConsole.MarkupLineInterpolated($"agreement: {Percent(report.Agreement)} of the images get the same label from both");
        var recall = new Table().AddColumns("label", "images", "live recall", "candidate recall");
        foreach (var label in report.Recall)
            recall.AddRow(Markup.Escape(label.Label), label.Count.ToString(CultureInfo.InvariantCulture), Percent(label.Live), Percent(label.Candidate));
        AnsiConsole.Write(recall);
        if (report.Skipped > 0)
            AnsiConsole.MarkupLineInterpolated($"{report.Skipped} skipped: a label such as \"none\" that a version lacks, or an unreadable image");
        if (missing.Count > 0)
            AnsiConsole.MarkupLineInterpolated($"[yellow]{missing.Count} reviewed uploads are no longer in storage:[/] {string.Join(", ", missing.Take(5))}");
        AnsiConsole.WriteLine(report.Refusal(deployment.Settings.MinReviewed) is { } refusal
            ? $"gate: promote would be refused: {refusal}"
            : $"gate: promote would be allowed (at least {deployment.Settings.MinReviewed} reviewed items, and the candidate is not below live's interval)");
        return 0;
    }

    private static string Percent(double share) => ComparisonReport.Percent(share);

    /// <summary>The folder's images with their labels, read one at a time (ImageFolder's layout and extensions).</summary>
    private static async IAsyncEnumerable<LabelledImage> Folder(string folder, [EnumeratorCancellation] CancellationToken cancellation)
    {
        var (root, _, files) = ImageFolder.List(folder);
        foreach (var (label, file) in files)
            yield return new LabelledImage(Path.GetRelativePath(root.FullName, file.FullName), label, await File.ReadAllBytesAsync(file.FullName, cancellation));
    }
}
