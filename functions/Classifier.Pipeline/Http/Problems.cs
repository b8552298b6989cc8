using System.Text.Encodings.Web;
using System.Text.Json;
using Classifier.Core.Imaging;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Classifier.Pipeline.Http;

/// <summary>RFC 9457 problem details: a status, its standard title and a sentence for people. Never a stack trace.</summary>
public static class Problems
{
    // Quotes and apostrophes stay readable in the detail; the body is JSON, never HTML.
    private static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static ApiResult Create(int status, string detail, IReadOnlyDictionary<string, string>? headers = null)
    {
        var body = JsonSerializer.Serialize(new
        {
            type = "about:blank",
            title = ReasonPhrases.GetReasonPhrase(status),
            status,
            detail,
        }, Options);
        return new ApiResult(status, ApiResult.ProblemJson, body, headers);
    }

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

    public static ApiResult Internal() => Create(StatusCodes.Status500InternalServerError, "the server failed to handle the request; the error is in its log");

    /// <summary>400 for malformed bytes, 413 over a size limit, 415 for a format we recognise but do not take.</summary>
    public static ApiResult From(ImageRejectedException rejected) => rejected switch
    {
        { IsTooLarge: true } => TooLarge(rejected.Message),
        { Problem: ImageProblem.UnsupportedFormat } => UnsupportedType(rejected.Message),
        _ => BadRequest(rejected.Message),
    };
}
