using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Classifier.Functions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Tests.Fixtures;

namespace Pipeline.Tests.Runner;

/// <summary>
/// One OpenAPI document for both hosts: every route the runner maps and every HTTP function the Functions
/// app declares is in it, and the status codes the routes really answer with are among its responses.
/// </summary>
public sealed class OpenApiDocumentTests(RunnerFixture fixture) : IClassFixture<RunnerFixture>
{
    private async Task<JsonElement> RunnerDocumentAsync() => await fixture.Http.GetFromJsonAsync<JsonElement>("api/openapi.json");

    private static bool Documents(JsonElement document, string method, string path, out JsonElement operation)
    {
        operation = default;
        return document.GetProperty("paths").TryGetProperty(path, out var item) && item.TryGetProperty(method.ToLowerInvariant(), out operation);
    }

    [Fact]
    public async Task Every_route_of_the_runner_is_in_the_document_with_responses()
    {
        var document = await RunnerDocumentAsync();
        var routes = fixture.Runner.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith("/api/", StringComparison.Ordinal))
            .SelectMany(e => e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Select(m => (Method: m, Path: e.RoutePattern.RawText!)))
            .ToList();
        Assert.Contains(routes, r => r.Path == "/api/review/{name}/image");
        Assert.Contains(routes, r => r.Path == "/api/openapi.json");
        foreach (var (method, path) in routes)
        {
            Assert.True(Documents(document, method, path, out var operation), $"{method} {path} is not in the document");
            Assert.NotEmpty(operation.GetProperty("responses").EnumerateObject());
        }
        var documented = document.GetProperty("paths").EnumerateObject().SelectMany(p => p.Value.EnumerateObject().Select(m => (m.Name.ToUpperInvariant(), p.Name)));
        Assert.Equal(routes.Count, documented.Count()); // and nothing that is not served

        Assert.True(Documents(document, "POST", "/api/predict", out var predict));
        Assert.True(predict.GetProperty("requestBody").GetProperty("content").TryGetProperty("image/png", out _));
        Assert.True(Documents(document, "POST", "/api/review/{name}", out var label));
        Assert.True(label.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _));
    }

    [Fact]
    public async Task Answers_are_described_by_the_records_the_handlers_write()
    {
        var document = await RunnerDocumentAsync();
        JsonElement SchemaOf(string method, string path, string status)
        {
            Assert.True(Documents(document, method, path, out var operation));
            var reference = operation.GetProperty("responses").GetProperty(status).GetProperty("content").EnumerateObject().Single()
                .Value.GetProperty("schema").GetProperty("$ref").GetString()!;
            return document.GetProperty("components").GetProperty("schemas").GetProperty(reference.Split('/')[^1]);
        }
        Assert.True(SchemaOf("GET", "/api/model", "200").GetProperty("properties").TryGetProperty("labels", out _));
        var status = SchemaOf("POST", "/api/predict", "200").GetProperty("properties").GetProperty("status");
        Assert.Contains("out-of-domain", status.GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        Assert.True(SchemaOf("GET", "/api/stats", "200").GetProperty("properties").TryGetProperty("series", out _));
        Assert.True(SchemaOf("POST", "/api/predict", "400").GetProperty("properties").TryGetProperty("detail", out _));
    }

    [Fact]
    public async Task Every_http_function_of_the_functions_app_is_in_the_same_document()
    {
        var functions = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.FunctionsOutput, "functions.metadata"))).RootElement;
        var served = await HttpCall.ExecuteAsync(HttpCall.Request("GET", "/api/openapi.json") is var context ? context : null!,
            new OpenApiDocument().Get(context.Request));
        Assert.Equal(200, served.Status);
        Assert.Equal((await RunnerDocumentAsync()).GetRawText(), served.Json.GetRawText());

        var triggers = functions.EnumerateArray()
            .Select(f => f.GetProperty("bindings").EnumerateArray().Single(b => b.GetProperty("direction").GetString() == "In"))
            .Where(b => b.GetProperty("type").GetString() == "httpTrigger")
            .ToList();
        Assert.Equal(16, triggers.Count); // every function but the blob trigger
        foreach (var trigger in triggers)
        {
            var path = "/api/" + trigger.GetProperty("route").GetString();
            foreach (var method in trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!))
                Assert.True(Documents(served.Json, method, path, out _), $"function {method} {path} is not in the document");
        }
    }

    [Theory]
    [InlineData("GET", "api/health", null, "/api/health")]
    [InlineData("GET", "api/model", null, "/api/model")]
    [InlineData("POST", "api/predict", "text", "/api/predict")]
    [InlineData("POST", "api/uploads", "text", "/api/uploads")]
    [InlineData("GET", "api/predictions/nothing.png", null, "/api/predictions/{name}")]
    [InlineData("GET", "api/predictions/..%2Fx", null, "/api/predictions/{name}")]
    [InlineData("GET", "api/review?take=0", null, "/api/review")]
    [InlineData("GET", "api/review", null, "/api/review")]
    [InlineData("GET", "api/review/nothing.png/image", null, "/api/review/{name}/image")]
    [InlineData("POST", "api/review/nothing.png", "{\"label\":\"Bag\"}", "/api/review/{name}")]
    [InlineData("POST", "api/review/nothing.png", "{\"label\":\"Spaceship\"}", "/api/review/{name}")]
    [InlineData("GET", "api/stats?days=0", null, "/api/stats")]
    [InlineData("GET", "api/stats", null, "/api/stats")]
    public async Task The_status_a_route_answers_with_is_documented_for_it(string method, string url, string? body, string template)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (body is not null)
            request.Content = new StringContent(body, Encoding.UTF8, body.StartsWith('{') ? "application/json" : "text/plain");
        using var response = await fixture.Http.SendAsync(request);
        var status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);

        Assert.True(Documents(await RunnerDocumentAsync(), method, template, out var operation));
        Assert.True(operation.GetProperty("responses").TryGetProperty(status, out _), $"{method} {url} answered {status}, which the document does not list");
    }
}
