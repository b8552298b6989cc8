using System.Globalization;
using Classifier.Core.Imaging;
using Classifier.Core.Inference;
using Classifier.Pipeline.Blobs;
using Classifier.Pipeline.Deployment;
using Classifier.Pipeline.Load;
using Classifier.Pipeline.Model;
using Classifier.Pipeline.Monitoring;
using Classifier.Pipeline.Routes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Classifier.Pipeline.Http;

/// <summary>
/// The HTTP API, written once: the Functions app's function classes and the local runner's routes both
/// call these and return what they return. Every error is problem+json: a handler returns its own refusals
/// (a bad query, an unknown name), and the readers' refusals and every failure below go through
/// <see cref="RequestGuard"/>'s one mapping; nothing here throws to the host.
/// </summary>
public sealed class ApiHandlers(
    PredictionStore store,
    PipelineSettings settings,
    WorkGate gate,
    TimeProvider clock,
    PredictionRecorder recorder,
    DeploymentFollower deployment,
    ShadowComparisons shadows,
    ILogger<ApiHandlers> logger)
{
    public const int DefaultTop = 3;

    /// <summary>
    /// GET /api/health (anonymous): 200 {"status":"ok"} once the live model is loaded (the deployment record's,
    /// else the configured one), 503 {"status":"degraded"} when it cannot be. Nothing more: the reason is in
    /// the log, not for strangers.
    /// </summary>
    public async Task<ApiResult> HealthAsync(HttpRequest request)
    {
        try
        {
            using var live = await deployment.LiveAsync(request.HttpContext.RequestAborted);
            return Ok(HealthReport.Ok);
        }
        catch (ModelUnavailableException e)
        {
            return new ApiResult(StatusCodes.Status503ServiceUnavailable, ApiResult.Json, ApiJson.Serialize(HealthReport.Degraded),
                Problems.RetryAfter(e.RetryAfterSeconds));
        }
    }

    /// <summary>GET /api/model: what the demo shows about the model.</summary>
    public Task<ApiResult> ModelAsync(HttpRequest request) => Guard(request, async () =>
    {
        using var live = await deployment.LiveAsync(request.HttpContext.RequestAborted);
        return Ok(ModelDescription.Of(live.Classifier, LimitsFor(request)));
    });

    /// <summary>POST /api/predict[?top=k]: the prediction JSON for the image in the body.</summary>
    public Task<ApiResult> PredictAsync(HttpRequest request) => Guard(request, async () =>
    {
        var cancellation = request.HttpContext.RequestAborted;
        if (ParseTop(request) is not { } top)
            return Problems.BadRequest($"'top' must be a whole number of at least 1 (got \"{request.Query["top"]}\")");
        var limits = LimitsFor(request);
        using var body = await ImageBody.ReadAsync(request, limits, gate, cancellation);
        // A canary is sticky per client: the same address always reaches the same version.
        using var choice = await deployment.ChooseAsync(CanaryClient.Of(request.HttpContext), upload: false, cancellation);
        var classifier = choice.Answer.Classifier;
        // The decode's share of the pixel budget, from the header: what it will hold, before it holds it.
        using var pixels = await gate.EnterAsync(WorkKind.Pixels, DecodeCost.Pixels(body.Memory.Span, limits, classifier.Card.DecodeOptions), cancellation);
        if (!pixels.IsAcquired)
            return Problems.Busy(gate.RetryAfterSeconds);
        // An image that cannot be classified throws ImageRejectedException: RequestGuard answers it (400, 413, 415).
        var prediction = await classifier.ClassifyAsync(body.Memory, top, limits);
        if (choice.TakeShadow() is { } shadow)
            shadows.Score(shadow, body.Memory, prediction, uploadName: null, borrowed: true); // copied only if it has room
        await recorder.RecordDirectAsync(prediction, body.Memory, limits, cancellation);
        return new ApiResult(StatusCodes.Status200OK, ApiResult.Json, prediction.ToJson());
    });

    /// <summary>POST /api/uploads: stores the image under a generated name for the blob trigger; 202 with where to poll.</summary>
    public Task<ApiResult> UploadAsync(HttpRequest request) => Guard(request, async () =>
    {
        var cancellation = request.HttpContext.RequestAborted;
        var limits = LimitsFor(request);
        using var body = await ImageBody.ReadAsync(request, limits, gate, cancellation);
        // The header tells the format and size (the route's pixel limit holds here, since the blob step
        // applies the keyed one); a damaged body past it is the blob step's to reject.
        var (format, _, _) = ImageDecoder.Probe(body.Memory.Span, limits);
        var name = BlobNames.Generate(format, clock.GetUtcNow());
        await store.StoreUploadAsync(name, body.Memory, "image/" + format.ToLowerInvariant(), cancellation);
        var location = ResultPath(request, name);
        logger.LogInformation("Stored upload {Name} ({Bytes} bytes)", name, body.Length);
        return new ApiResult(StatusCodes.Status202Accepted, ApiResult.Json,
            ApiJson.Serialize(new UploadAccepted(name, UploadAccepted.Pending, location)),
            new Dictionary<string, string> { ["Location"] = location });
    });

    /// <summary>GET /api/predictions/{name}: 200 with the stored result, 202 while pending, 404 when unknown.</summary>
    public Task<ApiResult> PredictionAsync(HttpRequest request, string? name) => Guard(request, async () =>
    {
        // A blob written into a virtual folder of uploads/ has its result under the same folders of predictions/.
        var blobName = RoutedUploadName.Of(request, name);
        return await store.LookUpAsync(blobName, request.HttpContext.RequestAborted) switch
        {
            PredictionState.Done done => new ApiResult(StatusCodes.Status200OK, ApiResult.Json, done.Json),
            PredictionState.Pending => new ApiResult(StatusCodes.Status202Accepted, ApiResult.Json,
                ApiJson.Serialize(new UploadAccepted(blobName, UploadAccepted.Pending, null)), new Dictionary<string, string> { ["Retry-After"] = "1" }),
            _ => Problems.NotFound($"no upload named '{blobName}' and no result for it"),
        };
    });

    /// <summary>The anonymous api/public/... twins answer only when Api__PublicDemo is true.</summary>
    public Task<ApiResult> WhenPublic(Func<Task<ApiResult>> handler) =>
        settings.PublicDemo
            ? handler()
            : Task.FromResult(Problems.NotFound("the public demo API is turned off (set Api__PublicDemo=true to open it)"));

    /// <summary>The anonymous api/public/... twins take smaller images than the keyed routes (Api__PublicMax*).</summary>
    private ImageLimits LimitsFor(HttpRequest request) =>
        (request.PathBase + request.Path).StartsWithSegments("/api/" + ApiRoutes.PublicPath.TrimEnd('/'), StringComparison.OrdinalIgnoreCase)
            ? settings.PublicLimits
            : settings.Limits;

    private static int? ParseTop(HttpRequest request)
    {
        var text = request.Query["top"].ToString();
        if (text.Length == 0)
            return DefaultTop;
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var top) && top >= 1 ? top : null;
    }

    /// <summary>The poll URL beside the upload route, so api/public/uploads points at api/public/predictions.</summary>
    private static string ResultPath(HttpRequest request, string name)
    {
        var path = (request.PathBase + request.Path).Value ?? "/api/uploads";
        var parent = path.TrimEnd('/');
        parent = parent[..(parent.LastIndexOf('/') + 1)];
        return $"{parent}predictions/{Uri.EscapeDataString(name)}";
    }

    private static ApiResult Ok<T>(T body) =>
        new(StatusCodes.Status200OK, ApiResult.Json, ApiJson.Serialize(body));

    private Task<ApiResult> Guard(HttpRequest request, Func<Task<ApiResult>> handler) => RequestGuard.RunAsync(request, logger, handler);
}
