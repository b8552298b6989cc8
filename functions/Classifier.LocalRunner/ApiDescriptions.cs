using Classifier.Core.Inference;
using Classifier.Pipeline.Review;
using Microsoft.AspNetCore.Mvc;

namespace Classifier.LocalRunner;

/// <summary>
/// What each API route answers, attached to the runner's endpoints as metadata so that the OpenAPI
/// document (GET /api/openapi.json, and the copy the build writes for the Functions app) is generated from
/// the endpoints themselves. The handlers return finished results, so their status codes are named here.
/// </summary>
internal static class ApiDescriptions
{
    private const string Json = "application/json";
    private const string Problem = "application/problem+json";

    private static readonly string[] ImageTypes = ["image/jpeg", "image/png", "image/webp", "image/gif", "image/bmp", "application/octet-stream", "multipart/form-data"];

    private sealed record Description(string Summary, (int Status, Type? Type, string ContentType)[] Responses, string[]? Accepts = null);

    private static readonly Dictionary<string, Description> Routes = new(StringComparer.Ordinal)
    {
        ["GET /api/health"] = new("200 once the model is loaded, 503 with the reason while it cannot be", [(200, null, Json), (503, typeof(ProblemDetails), Problem)]),
        ["GET /api/model"] = new("The served model: name, version, source (built-in, folder or storage), labels, input size, minConfidence, limits", [(200, null, Json), (503, typeof(ProblemDetails), Problem)]),
        ["POST /api/predict"] = new("Classify the image in the body (?top=k, default 3); the prediction JSON", [
            (200, typeof(Prediction), Json), (400, typeof(ProblemDetails), Problem), (413, typeof(ProblemDetails), Problem),
            (415, typeof(ProblemDetails), Problem), (503, typeof(ProblemDetails), Problem)], ImageTypes),
        ["POST /api/uploads"] = new("Store the image in uploads/ for the blob trigger; 202 with the name and where to poll", [
            (202, null, Json), (400, typeof(ProblemDetails), Problem), (413, typeof(ProblemDetails), Problem),
            (415, typeof(ProblemDetails), Problem), (503, typeof(ProblemDetails), Problem)], ImageTypes),
        ["GET /api/predictions/{name}"] = new("The stored result of an upload: 200 when done, 202 while pending, 404 when unknown", [
            (200, typeof(Prediction), Json), (202, null, Json), (400, typeof(ProblemDetails), Problem), (404, typeof(ProblemDetails), Problem),
            (503, typeof(ProblemDetails), Problem)]),
        ["GET /api/review"] = new("A page of the review queue (?status=pending|reviewed&take=N&continuation=T)", [
            (200, typeof(ReviewPage), Json), (400, typeof(ProblemDetails), Problem), (503, typeof(ProblemDetails), Problem)]),
        ["GET /api/review/{name}/image"] = new("The uploaded image of a queued item, from uploads/ only", [
            (200, null, "image/png"), (400, typeof(ProblemDetails), Problem), (404, typeof(ProblemDetails), Problem),
            (413, typeof(ProblemDetails), Problem), (503, typeof(ProblemDetails), Problem)]),
        ["POST /api/review/{name}"] = new("Label a queued item: {\"label\": one of the model's labels or \"none\"}; the last label given stands", [
            (200, typeof(ReviewItem), Json), (400, typeof(ProblemDetails), Problem), (404, typeof(ProblemDetails), Problem),
            (413, typeof(ProblemDetails), Problem), (503, typeof(ProblemDetails), Problem)], [Json]),
        ["GET /api/stats"] = new("Prediction counters per day (?days=N, 1-90) with the label-mix drift (PSI) against the card's baseline", [
            (200, null, Json), (400, typeof(ProblemDetails), Problem), (503, typeof(ProblemDetails), Problem)]),
        ["GET /api/openapi.json"] = new("This document", [(200, null, Json)]),
    };

    /// <summary>Every /api route the runner maps, described; a route missing from the table fails at start, not silently.</summary>
    public static void Describe(EndpointBuilder endpoint)
    {
        if (endpoint is not RouteEndpointBuilder { RoutePattern.RawText: { } pattern } route)
            return;
        if (!pattern.StartsWith("/api/", StringComparison.Ordinal))
        {
            route.Metadata.Add(new ExcludeFromDescriptionAttribute()); // the site, not the API
            return;
        }
        var method = route.Metadata.OfType<HttpMethodMetadata>().FirstOrDefault()?.HttpMethods.FirstOrDefault() ?? "GET";
        var key = $"{method} {pattern.Replace("/api/public/", "/api/", StringComparison.Ordinal)}";
        if (!Routes.TryGetValue(key, out var description))
            throw new InvalidOperationException($"the API route {key} has no description in ApiDescriptions");
        route.Metadata.Add(new EndpointSummaryAttribute(description.Summary));
        route.Metadata.Add(new TagsAttribute(pattern.StartsWith("/api/public/", StringComparison.Ordinal) ? "public demo" : Tag(pattern)));
        // Request bodies go into the document through ApiDocument's transformer: accepts metadata on an
        // endpoint would make routing refuse other types itself, before the handler's problem+json 415.
        var responses = description.Responses.AsEnumerable();
        if (pattern.StartsWith("/api/public/", StringComparison.Ordinal)) // on Azure, 404 while Api__PublicDemo is off
            responses = responses.Append((Status: 404, Type: (Type?)typeof(ProblemDetails), ContentType: Problem)).DistinctBy(r => r.Status).OrderBy(r => r.Status);
        foreach (var (status, type, contentType) in responses)
            route.Metadata.Add(new ProducesResponseTypeMetadata(status, type ?? typeof(void), [contentType]));
    }

    private static string Tag(string pattern) => pattern.Split('/', StringSplitOptions.RemoveEmptyEntries) is [_, var first, ..] ? first : "api";

    /// <summary>The body types a route takes (null: none), for the document; images as binary, the review label as JSON.</summary>
    public static (string[] ContentTypes, bool IsImage)? BodyOf(string method, string relativePath)
    {
        var key = $"{method} /{relativePath.Replace("api/public/", "api/", StringComparison.Ordinal)}";
        return Routes.TryGetValue(key, out var description) && description.Accepts is { } accepts
            ? (accepts, accepts == ImageTypes)
            : null;
    }
}
