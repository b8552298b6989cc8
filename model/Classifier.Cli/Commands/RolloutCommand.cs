using System.ComponentModel;
using Classifier.Core.Inference;
using Classifier.Pipeline;
using Classifier.Pipeline.Deployment;
using Classifier.Pipeline.Model;
using Classifier.Pipeline.Review;
using Classifier.Pipeline.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Classifier.Cli.Commands;

/// <summary>
/// The deployment record from the command line, on the app's own storage (AzureWebJobsStorage, as
/// export-reviews finds it): the same changes as POST /api/deployment, through the same service. Every
/// instance follows within 30 s. Promote runs the gate here, loading both versions.
/// </summary>
public sealed class RolloutCommand : AsyncCommand<RolloutCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<ACTION>"), Description("status, shadow, canary, promote, rollback or clear.")]
        public string Action { get; init; } = "";

        [CommandOption("--candidate <NAME@VERSION>"), Description("The published version to try (shadow, canary).")]
        public string? Candidate { get; init; }

        [CommandOption("--percent <N>"), Description("canary: share of traffic the candidate answers (1-100); shadow: share of uploads it scores (default 100).")]
        public int? Percent { get; init; }

        [CommandOption("--force"), Description("promote even when the gate refuses; the override is recorded.")]
        public bool Force { get; init; }

        [CommandOption("--storage <CONNECTION>"), Description(CliStorage.StorageHelp)]
        public string? Storage { get; init; }

        public override ValidationResult Validate() =>
            Action == "status" || DeploymentChange.Actions.Contains(Action)
                ? ValidationResult.Success()
                : ValidationResult.Error($"the action must be status or one of {string.Join(", ", DeploymentChange.Actions)} (got \"{Action}\")");
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        var storage = new CliStorage(settings.Storage);
        var tables = storage.Tables();
        var blobs = storage.Blobs();
        var versions = new ModelVersionStore(blobs.GetBlobContainerClient(PipelineSettings.DefaultModelContainer), NullLogger.Instance);
        var service = new DeploymentService(new DeploymentStore(new LazyTable(() => tables, DeploymentStore.TableName)), versions,
            DeploymentSettings.From(storage.Configuration), TimeProvider.System);

        // With no record, the app serves the root layout's version if there is one, else the built-in.
        async Task<ModelVersion> InitialLive(CancellationToken ct) =>
            (await versions.ListAsync(ct)).FirstOrDefault(v => v.IsRootLayout)?.Version ?? ModelVersion.BuiltIn;

        if (settings.Action == "status")
        {
            var (record, _) = await service.ReadAsync(InitialLive, cancellation);
            Print(record);
            return 0;
        }
        var change = new DeploymentRequest { Action = settings.Action, Candidate = settings.Candidate, Percent = settings.Percent, Force = settings.Force, By = $"{Environment.UserName} (classifier rollout)" };
        var queue = new ReviewQueue(tables);
        var (outcome, gate) = await service.ChangeAsync(change, change.By, InitialLive, async (live, candidate, ct) =>
        {
            AnsiConsole.MarkupLineInterpolated($"Gate: scoring {live} and {candidate} on the reviewed images...");
            using var a = ImageClassifier.Load(await versions.LoadAsync(live, ct));
            using var b = ImageClassifier.Load(await versions.LoadAsync(candidate, ct));
            return await ModelComparison.RunAsync(a, b, ReviewedImages.ReadAsync(queue, blobs, ct), ct);
        }, cancellation);
        if (gate is not null)
            AnsiConsole.MarkupLineInterpolated($"Gate: {gate.Reviewed} reviewed; live {gate.LiveAccuracy.Value:P1}, candidate {gate.CandidateAccuracy.Value:P1}, agreement {gate.Agreement:P1}");
        if (outcome.Record is not { } written)
        {
            Console.Error.WriteLine($"refused ({outcome.Status}): {outcome.Reason}");
            return 1;
        }
        Print(written);
        AnsiConsole.MarkupLine("Every instance follows within 30 s.");
        return 0;
    }

    private static void Print(DeploymentRecord record) =>
        Console.WriteLine(ApiJson.Indented(DeploymentView.Of(record, record.ETag.Length > 0, null)));
}
