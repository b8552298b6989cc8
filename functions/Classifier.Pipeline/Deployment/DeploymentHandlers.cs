using System.Text.Json;
using Azure.Storage.Blobs;
using Classifier.Core.Inference;
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

    private ComparisonReport? _lastGate;

    /// <summary>GET /api/deployment[?compare=true]: the record; with compare=true the gate's comparison is run now.</summary>
    public Task<ApiResult> GetAsync(HttpRequest request) => Guard(request, async () =>
    {
        var cancellation = request.HttpContext.RequestAborted;
        var (record, stored) = await Service.ReadAsync(InitialLiveAsync, cancellation);
        if (request.Query["compare"] == "true" && record.Candidate is { } candidate)
            await CompareAsync(candidate, cancellation);
        return Ok(await ViewAsync(record, stored, cancellation));
    });

    /// <summary>POST /api/deployment: 200 with the new record; 400 unknown version or bad body; 409 an action that does not fit, or the gate's refusal.</summary>
    public Task<ApiResult> PostAsync(HttpRequest request) => Guard(request, async () =>
    {
        var cancellation = request.HttpContext.RequestAborted;
        // Only JSON: a form or a no-CORS fetch from another site cannot send it without a preflight.
        if (!SmallJsonBody.IsJson(request.ContentType))
            return Problems.UnsupportedType($"a deployment change must be sent as application/json (got \"{request.ContentType}\"); {Expected}");
        var bytes = await SmallJsonBody.ReadAsync(request, MaxBodyBytes, Expected, cancellation);
        DeploymentRequest? change;
        try
        {
            change = JsonSerializer.Deserialize<DeploymentRequest>(bytes, ApiJson.Options);
        }
        catch (JsonException e)
        {
            return Problems.BadRequest($"the body is not a deployment change ({e.Message.Split(". Path")[0]}); {Expected}");
        }
        if (change?.Action is null)
            return Problems.BadRequest($"the body has no \"action\"; {Expected}");
        var by = change.By is { Length: > 0 and <= 100 } who ? who : $"operator at {ClientRateLimits.ClientAddress(request.HttpContext)?.ToString() ?? "an unknown address"}";
        var (outcome, gate) = await Service.ChangeAsync(change, by, InitialLiveAsync, (_, candidate, ct) => CompareAsync(candidate, ct), cancellation);
        if (outcome.Record is not { } written)
            return Problems.Create(outcome.Status, outcome.Reason!);
        logger.LogWarning("Deployment {Action} by {By}: live {Live}, candidate {Candidate}, mode {Mode}{Forced}",
            change.Action, by, written.Live, written.Candidate?.ToString() ?? "none", written.Mode,
            written.Forced ? $", gate overridden: {gate?.Refusal(settings.MinReviewed)}" : "");
        await follower.RefreshAsync(cancellation);
        return Ok(await ViewAsync(written, stored: true, cancellation));
    });

    private DeploymentService Service => new(Store, source.Versions, settings, clock);

    private DeploymentStore Store => store ?? throw new StorageNotConfiguredException();

    /// <summary>With no record yet, the app serves its model source's version alone.</summary>
    private async Task<ModelVersion> InitialLiveAsync(CancellationToken cancellation)
    {
        using var live = await follower.LiveAsync(cancellation);
        return live.Model.Version;
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

    private static ApiResult Ok<T>(T body) => new(StatusCodes.Status200OK, ApiResult.Json, ApiJson.Serialize(body));

    private Task<ApiResult> Guard(HttpRequest request, Func<Task<ApiResult>> handler) => RequestGuard.RunAsync(request, logger, handler);
}
