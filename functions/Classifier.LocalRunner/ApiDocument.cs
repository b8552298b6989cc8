using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Classifier.LocalRunner;

/// <summary>
/// Maps every API route and describes them all in one OpenAPI document at GET /api/openapi.json. The Functions
/// app's build writes the same document with <see cref="WriteAsync"/> and serves it at its own /api/openapi.json.
/// </summary>
internal static class ApiDocument
{
    public const string Route = "/api/openapi.json";

    /// <summary>
    /// `Classifier.LocalRunner openapi --out FILE`: the document of the runner's endpoints. The web host starts on
    /// a free loopback port for a moment (its endpoints are wired up at start) and touches no storage.
    /// The Functions app's build runs it and embeds the file.
    /// </summary>
    public static async Task<int> WriteAsync(string path)
    {
        await using var app = LocalRunner.BuildWebApp(new RunnerOptions { Port = 0 });
        await app.StartAsync();
        var provider = app.Services.GetRequiredKeyedService<IOpenApiDocumentProvider>("v1");
        var document = await provider.GetOpenApiDocumentAsync();
        var json = await document.SerializeAsJsonAsync(OpenApiSpecVersion.OpenApi3_1);
        await app.StopAsync();
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await File.WriteAllTextAsync(path, json);
        return 0;
    }

    public static void MapApi(WebApplication app)
    {
        var api = app.MapGroup("");
        api.MapClassifierApi();
        api.MapReviewAndStats();
        // The document route describes itself too: every route, this one included, is in the document.
        api.MapOpenApi(Route).WithMetadata(new IncludeInDescription());
        ((IEndpointConventionBuilder)api).Add(ApiDescriptions.Describe);
    }

    public static void Configure(OpenApiOptions options)
    {
        // The API only: not the runner's own "/" (the site, or a note on how to build it).
        options.ShouldInclude = description => description.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true;
        options.AddOperationTransformer((operation, context, _) =>
        {
            var description = context.Description;
            if (ApiDescriptions.BodyOf(description.HttpMethod ?? "GET", description.RelativePath ?? "") is not { } body)
                return Task.CompletedTask;
            IOpenApiSchema schema = body.IsImage
                ? new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" }
                : new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Required = new HashSet<string> { "label" },
                    Properties = new Dictionary<string, IOpenApiSchema>
                    {
                        ["label"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "one of the model's labels, or \"none\"" },
                    },
                };
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = body.ContentTypes.ToDictionary(type => type, _ => new OpenApiMediaType { Schema = schema }),
            };
            return Task.CompletedTask;
        });
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "Serverless image classifier API",
                Version = "1",
                Description = "The same routes on Azure Functions (function key in x-functions-key or ?code=, except health, model " +
                              "and the public demo twins; review and stats only with the master key) and on the local runner (no keys). " +
                              "Errors are RFC 9457 problem+json.",
            };
            document.Servers = []; // relative to wherever the document is served from
            return Task.CompletedTask;
        });
    }

    /// <summary>MapOpenApi hides its own endpoint from the description; the last metadata of this kind wins.</summary>
    private sealed class IncludeInDescription : Microsoft.AspNetCore.Routing.IExcludeFromDescriptionMetadata
    {
        public bool ExcludeFromDescription => false;
    }
}
