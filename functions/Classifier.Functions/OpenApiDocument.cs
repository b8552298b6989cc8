using System.Reflection;
using Classifier.Pipeline.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Classifier.Functions;

/// <summary>
/// GET /api/openapi.json: the document the build generated from the local runner's endpoints (the same
/// routes and handlers), embedded in this assembly. Anonymous: it describes the API and holds no secret.
/// </summary>
public sealed class OpenApiDocument
{
    private static readonly Lazy<string> Document = new(() =>
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("openapi.json")
            ?? throw new InvalidOperationException("openapi.json is not embedded: the build writes it");
        return new StreamReader(stream).ReadToEnd();
    });

    [Function("OpenApi")]
    public IActionResult Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "openapi.json")] HttpRequest request) =>
        new ApiResult(StatusCodes.Status200OK, ApiResult.Json, Document.Value);
}
