using Classifier.Pipeline.Routes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Classifier.Functions;

/// <summary>GET /api/openapi.json: the document generated from the route table, as the local runner serves it. Anonymous: it holds no secret.</summary>
public sealed class OpenApiDocument
{
    [Function(nameof(ApiRoutes.OpenApi))]
    public IActionResult Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.OpenApi)] HttpRequest request) =>
        ApiDocument.Result;
}
