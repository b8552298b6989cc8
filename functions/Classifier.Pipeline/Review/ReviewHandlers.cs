using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Classifier.Core.Imaging;
using Classifier.Core.Inference;
using Classifier.Pipeline.Blobs;
using Classifier.Pipeline.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Classifier.Pipeline.Review;

/// <summary>
/// The review routes, written once for both hosts: GET /api/review (a page of the queue), GET
/// /api/review/{name}/image (the uploaded image, from uploads/ only) and POST /api/review/{name} (a label).
/// Every error is problem+json.
/// </summary>
public sealed class ReviewHandlers(
    ReviewQueue queue,
    PredictionStore store,
    VersionLabels labels,
    PipelineSettings settings,
    TimeProvider clock,
    ILogger<ReviewHandlers> logger)
{
    public const int DefaultTake = 50;
    private const int MaxBodyBytes = 4096;

    /// <summary>GET /api/review?status=pending|reviewed&amp;take=N&amp;continuation=T</summary>
    public Task<ApiResult> ListAsync(HttpRequest request) => Guard(request, async () =>
    {
        var state = request.Query["status"].ToString() is { Length: > 0 } given ? given : ReviewState.Pending;
        if (!ReviewState.IsValid(state))
            return Problems.BadRequest($"'status' must be {ReviewState.Pending} or {ReviewState.Reviewed} (got \"{state}\")");
        var takeText = request.Query["take"].ToString();
        var take = DefaultTake;
        if (takeText.Length > 0 && (!int.TryParse(takeText, NumberStyles.None, CultureInfo.InvariantCulture, out take) || take is < 1 or > ReviewQueue.MaxTake))
            return Problems.BadRequest($"'take' must be a whole number from 1 to {ReviewQueue.MaxTake} (got \"{takeText}\")");
        var continuation = request.Query["continuation"].ToString() is { Length: > 0 } token ? token : null;
        ReviewPage page;
        try
        {
            page = await queue.ListAsync(state, take, continuation, request.HttpContext.RequestAborted);
        }
        catch (RequestFailedException e) when (continuation is not null && e.Status == 400)
        {
            return Problems.BadRequest("'continuation' is not a token this API gave out");
        }
        var items = new List<ReviewItem>(page.Items.Count);
        foreach (var item in page.Items)
            items.Add(await WithLabelsAsync(item, request.HttpContext.RequestAborted));
        return Ok(page with { Items = items });
    });

    /// <summary>GET /api/review/{name}/image: the uploaded bytes with their image type; nothing outside uploads/.</summary>
    public async Task<ImageResult> ImageAsync(HttpRequest request, string? name)
    {
        byte[]? bytes = null;
        var problem = await RequestGuard.ProblemOfAsync(request, logger, async () =>
        {
            var blobName = RoutedUploadName.Of(request, name);
            BlobClient blob = store.Uploads.GetBlobClient(blobName);
            try
            {
                var properties = await blob.GetPropertiesAsync(cancellationToken: request.HttpContext.RequestAborted);
                if (properties.Value.ContentLength > settings.Limits.MaxBytes)
                    return Problems.TooLarge($"the upload is over the {settings.Limits.MaxBytes / (1024 * 1024)} MB limit");
                var content = await blob.DownloadContentAsync(request.HttpContext.RequestAborted);
                bytes = content.Value.Content.ToArray();
                return null;
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                return Problems.NotFound($"no upload named '{blobName}'");
            }
        });
        return problem is null ? ImageResult.Image(bytes!, ContentTypeOf(bytes!)) : ImageResult.Failed(problem);
    }

    /// <summary>POST /api/review/{name} {"label": "..."}: 200 with the updated item, 400 unknown label, 404 unknown name.</summary>
    public Task<ApiResult> LabelAsync(HttpRequest request, string? name) => Guard(request, async () =>
    {
        var cancellation = request.HttpContext.RequestAborted;
        name = RoutedUploadName.Of(request, name);
        var label = await ReadLabelAsync(request, cancellation);
        if (await store.LookUpAsync(name, cancellation) is not PredictionState.Done done)
            return Problems.NotFound($"no classified upload named '{name}'");
        var result = Prediction.FromJson(done.Json);
        // The labels of the version that answered it: a candidate may name them differently from live.
        var allowed = await labels.OfAsync(result.Model, cancellation);
        if (label != ReviewState.NoneLabel && !allowed.Contains(label, StringComparer.Ordinal))
            return Problems.BadRequest($"unknown label \"{label}\": give one of {string.Join(", ", allowed.Select(l => $"\"{l}\""))} (the labels of {result.Model.Name}@{result.Model.Version}, which answered it) or \"{ReviewState.NoneLabel}\"");
        if (result.ProcessedAt is not { } processedAt)
            return Problems.NotFound($"'{name}' is not in the review queue (its status is {result.Status.JsonName()})");
        // A confident answer is queued too when the shadow candidate disagreed with it: the queue decides.
        var item = await queue.LabelAsync(name, processedAt, label, clock.GetUtcNow(), cancellation);
        if (item is null)
        {
            return Problems.NotFound(ReviewQueue.BelongsInQueue(result.Status)
                ? $"'{name}' is not in the review queue yet; try again in a moment"
                : $"'{name}' is not in the review queue (its status is {result.Status.JsonName()})");
        }
        logger.LogInformation("Reviewed {Name}: {Label}", name, label);
        return Ok(item with { Labels = allowed });
    });

    private async Task<ReviewItem> WithLabelsAsync(ReviewItem item, CancellationToken cancellation) =>
        item with { Labels = await labels.OfAsync(item.Model, cancellation) };

    /// <summary>The label of the body; a body that does not give one is refused (<see cref="RequestRefusedException"/>).</summary>
    private static async Task<string> ReadLabelAsync(HttpRequest request, CancellationToken cancellation)
    {
        const string Expected = "send a JSON body {\"label\": \"<one of the model's labels or none>\"}";
        // Only JSON: an HTML form (or a no-CORS fetch) from another site cannot send it without a preflight.
        if (!SmallJsonBody.IsJson(request.ContentType))
            throw new RequestRefusedException(Problems.UnsupportedType($"a label must be sent as application/json (got \"{request.ContentType}\"); {Expected}"));
        var bytes = await SmallJsonBody.ReadAsync(request, MaxBodyBytes, Expected, cancellation);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes);
        }
        catch (JsonException)
        {
            throw new RequestRefusedException(Problems.BadRequest($"the body is not JSON; {Expected}"));
        }
        using (document)
        {
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("label", out var value)
                && value.ValueKind == JsonValueKind.String
                && value.GetString() is { Length: > 0 } label
                    ? label
                    : throw new RequestRefusedException(Problems.BadRequest($"the body has no \"label\" string; {Expected}"));
        }
    }

    /// <summary>The type from the bytes themselves, not from what was stored with them.</summary>
    private static string ContentTypeOf(byte[] bytes)
    {
        try
        {
            var (format, _, _) = ImageDecoder.Probe(bytes);
            return format switch
            {
                "JPEG" => "image/jpeg",
                "PNG" => "image/png",
                "WebP" => "image/webp",
                "GIF" => "image/gif",
                "BMP" => "image/bmp",
                _ => "application/octet-stream",
            };
        }
        catch (ImageRejectedException)
        {
            return "application/octet-stream";
        }
    }

    private static ApiResult Ok<T>(T body) =>
        new(StatusCodes.Status200OK, ApiResult.Json, ApiJson.Serialize(body));

    private Task<ApiResult> Guard(HttpRequest request, Func<Task<ApiResult>> handler) => RequestGuard.RunAsync(request, logger, handler);
}
