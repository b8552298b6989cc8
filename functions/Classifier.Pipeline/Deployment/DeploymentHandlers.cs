using System.Text.Json;
using System.Text.Json.Serialization;
using Azure.Storage.Blobs;
using Classifier.Pipeline.Http;
using Classifier.Pipeline.Load;
using Classifier.Pipeline.Model;
using Classifier.Pipeline.Review;
using Classifier.Pipeline.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Classifier.Pipeline.Deployment;

/// <summary>
/// GET and POST /api/deployment (operator routes): read the record, and change it by one of the three
/// steps. A change is written with the record's ETag and applied in this instance at once; the others
/// follow within their poll interval. Promote runs the gate on the reviewed production images first.
/// </summary>
public sealed class DeploymentHandlers(
    DeploymentStore? store,
    DeploymentFollower follower,
    ModelSource source,
    ReviewQueue reviews,
    Func<BlobServiceClient> storage,
    ShadowComparisons shadows,
    DeploymentSettings settings,
    TimeProvider clock,
    ILogger<DeploymentHandlers> logger)
{
    private const int MaxBodyBytes = 4096;
    private const string Expected = "send {\"action\": \"shadow|canary|promote|rollback|clear\", \"candidate\": \"name@version\", \"percent\": n, \"force\": false}";

    private static readonly JsonSerializerOptions BodyOptions = new(JsonSerializerDefaults.Web) { UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow };

    /// <summary>Every field written, null included: "candidate": null says there is none.</summary>
    private static readonly JsonSerializerOptions ViewOptions = new(JsonSerializerDefaults.Web);

    private ComparisonReport? _lastGate;

    /// <summary>GET /api/deployment[?compare=true]: the record; with compare=true the gate's comparison is run now.</summary>
    public Task<ApiResult> GetAsync(HttpRequest request) => Guard(request, async () =>
    {
        var cancellation = request.HttpContext.RequestAborted;
        var stored = await Store.ReadAsync(cancellation);
        var record = stored ?? await InitialAsync(cancellation);
        if (request.Query["compare"] == "true" && record.Candidate is { } candidate)
            await CompareAsync(candidate, cancellation);
        return Ok(await ViewAsync(record, stored is not null, cancellation));
    });

    /// <summary>POST /api/deployment: 200 with the new record; 400 unknown version or bad body; 409 an action that does not fit, or the gate's refusal.</summary>
    public Task<ApiResult> PostAsync(HttpRequest request) => Guard(request, async () =>
    {
        var cancellation = request.HttpContext.RequestAborted;
        // Only JSON: a form or a no-CORS fetch from another site cannot send it without a preflight.
        if (!SmallJsonBody.IsJson(request.ContentType))
            return Problems.UnsupportedType($"a deployment change must be sent as application/json (got \"{request.ContentType}\"); {Expected}");
        var (bytes, tooLarge) = await SmallJsonBody.ReadAsync(request, MaxBodyBytes, Expected, cancellation);
        if (tooLarge is not null)
            return tooLarge;
        DeploymentRequest? change;
        try
        {
            change = JsonSerializer.Deserialize<DeploymentRequest>(bytes, BodyOptions);
        }
        catch (JsonException e)
        {
            return Problems.BadRequest($"the body is not a deployment change ({e.Message.Split(". Path")[0]}); {Expected}");
        }
        if (change?.Action is null)
            return Problems.BadRequest($"the body has no \"action\"; {Expected}");
        ModelVersion? candidate = null;
        if (change.Candidate is not null)
        {
            candidate = ModelVersion.TryParse(change.Candidate);
            if (candidate is null)
                return Problems.BadRequest($"\"candidate\" must be name@version, as `classifier versions` lists them (got \"{change.Candidate}\")");
            if (await UnknownAsync(candidate, cancellation) is { } unknown)
                return Problems.BadRequest(unknown);
        }

        var stored = await Store.ReadAsync(cancellation);
        var current = stored ?? await InitialAsync(cancellation);
        string? refusal = null;
        ComparisonReport? gate = null;
        if (change.Action == DeploymentChange.Promote && current.Candidate is { } promoted)
        {
            gate = await CompareAsync(promoted, cancellation);
            refusal = gate.Refusal(settings.MinReviewed);
        }
        var by = change.By is { Length: > 0 and <= 100 } who ? who : $"operator at {ClientRateLimits.ClientAddress(request.HttpContext)?.ToString() ?? "an unknown address"}";
        var outcome = DeploymentChange.Apply(current, change, candidate, refusal, by, clock.GetUtcNow());
        if (outcome.Record is not { } next)
            return Problems.Create(outcome.Status, outcome.Reason!);
        if (!await Store.TryWriteAsync(next, stored?.ETag ?? "", cancellation))
            return Problems.Create(StatusCodes.Status409Conflict, "the deployment record was changed by someone else meanwhile; read it again (GET /api/deployment) and retry");
        logger.LogWarning("Deployment {Action} by {By}: live {Live}, candidate {Candidate}, mode {Mode}{Forced}",
            change.Action, by, next.Live, next.Candidate?.ToString() ?? "none", next.Mode, next.Forced ? $", gate overridden: {refusal}" : "");
        await follower.RefreshAsync(cancellation);
        var written = await Store.ReadAsync(cancellation) ?? next;
        return Ok(await ViewAsync(written, stored: true, cancellation));
    });

    private DeploymentStore Store => store ?? throw new StorageNotConfiguredException();

    /// <summary>With no record yet, the app serves its model source's version alone.</summary>
    private async Task<DeploymentRecord> InitialAsync(CancellationToken cancellation)
    {
        using var live = await follower.LiveAsync(cancellation);
        return DeploymentRecord.Initial(live.Model.Version);
    }

    private async Task<string?> UnknownAsync(ModelVersion version, CancellationToken cancellation)
    {
        var published = source.Versions is { } versions ? await versions.ListAsync(cancellation) : [];
        if (published.Any(p => p.Version == version && p.Complete))
            return null;
        var names = string.Join(", ", published.Where(p => p.Complete).Select(p => p.Version.ToString()));
        return published.Any(p => p.Version == version)
            ? $"{version} is not completely published (no manifest): run `classifier publish` for it again"
            : $"unknown version {version}; published: {names}";
    }

    /// <summary>Both models on the reviewed production images; the candidate is the one this instance has loaded (or loads now).</summary>
    private async Task<ComparisonReport> CompareAsync(ModelVersion candidate, CancellationToken cancellation)
    {
        await follower.RefreshAsync(cancellation);
        using var live = await follower.LiveAsync(cancellation);
        using var trial = follower.Current?.Candidate?.Version == candidate ? follower.Current.Candidate.TryUse() : null;
        if (trial is null)
            throw new ModelUnavailableException($"the candidate {candidate} is not loaded in this instance", 5, null);
        var report = await ModelComparison.RunAsync(live.Classifier, trial.Classifier, ReviewedImages.ReadAsync(reviews, storage(), cancellation), cancellation);
        _lastGate = report;
        return report;
    }

    private async Task<DeploymentView> ViewAsync(DeploymentRecord record, bool stored, CancellationToken cancellation)
    {
        DeploymentView.ComparisonSummary? comparison = null;
        if (record.Candidate is { } candidate)
        {
            var shadow = await shadows.TotalAsync(candidate, cancellation);
            var gate = _lastGate?.Candidate == candidate.ToString() ? _lastGate : null;
            comparison = new(shadow?.Scored ?? 0, shadow?.Agreement, gate?.Reviewed, gate?.LiveAccuracy.Value, gate?.CandidateAccuracy.Value);
        }
        return DeploymentView.Of(record, stored, comparison);
    }

    private static ApiResult Ok<T>(T body) => new(StatusCodes.Status200OK, ApiResult.Json, JsonSerializer.Serialize(body, ViewOptions));

    private Task<ApiResult> Guard(HttpRequest request, Func<Task<ApiResult>> handler) => RequestGuard.RunAsync(request, logger, handler);
}
