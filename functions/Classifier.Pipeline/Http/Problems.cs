using Classifier.Core.Imaging;
using Classifier.Core.Inference;
using Classifier.Pipeline.Routes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Classifier.Pipeline.Http;

/// <summary>RFC 9457 problem details: a status, its standard title and a sentence for people. Never a stack trace.</summary>
public static class Problems
{
    public static ApiResult Create(int status, string detail, IReadOnlyDictionary<string, string>? headers = null, string? correlationId = null)
    {
        var body = ApiJson.Serialize(new ProblemBody("about:blank", ReasonPhrases.GetReasonPhrase(status), status, detail, correlationId));
        return new ApiResult(status, ApiResult.ProblemJson, body, headers);
    }

    /// <summary>A server-side failure: a generic sentence and the id under which the log holds the details.</summary>
    public static ApiResult WithCorrelation(string detail, int status, string correlationId, IReadOnlyDictionary<string, string>? headers = null) =>
        Create(status, detail, headers, correlationId);

    public static ApiResult BadRequest(string detail) => Create(StatusCodes.Status400BadRequest, detail);
    public static ApiResult NotFound(string detail) => Create(StatusCodes.Status404NotFound, detail);
    public static ApiResult TooLarge(string detail) => Create(StatusCodes.Status413PayloadTooLarge, detail);
    public static ApiResult UnsupportedType(string detail) => Create(StatusCodes.Status415UnsupportedMediaType, detail);
    public static ApiResult Unavailable(string detail) => Create(StatusCodes.Status503ServiceUnavailable, detail);
    /// <summary>503 with Retry-After: the process has no free slot for this request now.</summary>
    public static ApiResult Busy(int retryAfterSeconds) => Create(StatusCodes.Status503ServiceUnavailable,
        "the service is busy; try again shortly", RetryAfter(retryAfterSeconds));

    public static IReadOnlyDictionary<string, string> RetryAfter(int seconds) =>
        new Dictionary<string, string> { ["Retry-After"] = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture) };

    public static ApiResult Internal(string correlationId) => WithCorrelation(
        "the server failed to handle the request; its log has the details under the correlation id", StatusCodes.Status500InternalServerError, correlationId);

    public const int StorageRetryAfterSeconds = 5;

    public static ApiResult StorageUnavailable(string correlationId) => WithCorrelation(
        "storage cannot be reached right now; try again shortly", StatusCodes.Status503ServiceUnavailable, correlationId, RetryAfter(StorageRetryAfterSeconds));

    public static ApiResult NoStorage() => Create(StatusCodes.Status501NotImplemented,
        "this server runs without storage: it serves predictions only, not uploads, their results or the review queue");

    public static ApiResult ModelUnavailable(int retryAfterSeconds, string correlationId) => WithCorrelation(
        "the model is not available right now; try again later", StatusCodes.Status503ServiceUnavailable, correlationId, RetryAfter(retryAfterSeconds));

    /// <summary>Kestrel's request errors (a stalled or broken body, a body over its limit) keep their own status.</summary>
    public static ApiResult RefusedByServer(BadHttpRequestException e, string correlationId) => WithCorrelation(e.StatusCode switch
    {
        StatusCodes.Status408RequestTimeout => "the request body did not arrive in time",
        StatusCodes.Status413PayloadTooLarge => "the request body is too large",
        _ => "the request is malformed",
    }, e.StatusCode, correlationId);

    /// <summary>400 for malformed bytes, 413 over a size limit, 415 for a format we recognise but do not take.</summary>
    public static ApiResult From(ImageRejectedException rejected) =>
        ImageRejectedException.IsSizeLimit(rejected.Problem) ? TooLarge(rejected.Message)
        : rejected.Problem == ImageProblem.UnsupportedFormat ? UnsupportedType(rejected.Message)
        : BadRequest(rejected.Message);
}
