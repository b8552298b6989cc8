using System.ComponentModel;
using Classifier.Core.Inference;
using Classifier.Pipeline.Deployment;
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
        var deployment = new CliDeployment(settings.Storage);
        if (settings.Action == "status")
        {
            var (record, _) = await deployment.Service.ReadAsync(deployment.InitialLiveAsync, cancellation);
            Print(record);
            return 0;
        }
        var change = new DeploymentRequest { Action = settings.Action, Candidate = settings.Candidate, Percent = settings.Percent, Force = settings.Force, By = $"{Environment.UserName} (classifier rollout)" };
        var (outcome, gate) = await deployment.Service.ChangeAsync(change, change.By, deployment.InitialLiveAsync, (live, candidate, ct) =>
        {
            AnsiConsole.MarkupLineInterpolated($"Gate: scoring {live} and {candidate} on the reviewed images...");
            return StoredVersionComparison.RunAsync(deployment.Versions, live, candidate, deployment.ReviewedImages(ct), ct);
        }, cancellation);
        if (gate is { Reviewed: 0 })
            AnsiConsole.MarkupLine("Gate: no reviewed image both versions can be scored on");
        else if (gate is not null)
            AnsiConsole.MarkupLineInterpolated($"Gate: {gate.Reviewed} reviewed; live {gate.LiveAccuracy.Value:P1}, candidate {gate.CandidateAccuracy.Value:P1}, agreement {gate.Agreement:P1}");
        if (outcome.Record is not { } written)
        {
            Console.Error.WriteLine($"refused ({outcome.Status}): {InCommandLineWords(outcome.Reason ?? "")}");
            return 1;
        }
        Print(written);
        AnsiConsole.MarkupLine("Every instance follows within 30 s.");
        return 0;
    }

    /// <summary>A refusal worded for POST /api/deployment, with its body fields named as this command's options.</summary>
    private static string InCommandLineWords(string reason) => reason
        .Replace("\"force\": true", "--force", StringComparison.Ordinal)
        .Replace("\"candidate\": \"name@version\"", "--candidate name@version", StringComparison.Ordinal)
        .Replace("\"percent\"", "--percent", StringComparison.Ordinal);

    private static void Print(DeploymentRecord record) =>
        Console.WriteLine(ApiJson.Indented(DeploymentView.Of(record, record.ETag.Length > 0, null)));
}
