using System.Text.Json;
using Classifier.Pipeline.Routes;

namespace Pipeline.Tests.Functions;

/// <summary>
/// What the Functions host reads from the build output: functions.metadata (triggers, routes, methods,
/// auth levels), worker.config.json (how to start the worker), extensions.json (the blob extension), host.json.
/// </summary>
public sealed class FunctionsMetadataTests
{
    private static JsonElement Read(string file)
    {
        var path = Path.Combine(RepoPaths.FunctionsOutput, file);
        Assert.True(File.Exists(path), $"{path} is missing: build functions/Classifier.Functions in {RepoPaths.Configuration}");
        return JsonDocument.Parse(File.ReadAllText(path)).RootElement;
    }

    private static JsonElement Function(string name) =>
        Read("functions.metadata").EnumerateArray().Single(f => f.GetProperty("name").GetString() == name);

    private static JsonElement Trigger(string name) =>
        Function(name).GetProperty("bindings").EnumerateArray().Single(b => b.GetProperty("direction").GetString() == "In");

    [Fact]
    public void ClassifyUpload_is_an_event_grid_blob_trigger_on_uploads()
    {
        var trigger = Trigger("ClassifyUpload");
        Assert.Equal("blobTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal("uploads/{name}", trigger.GetProperty("path").GetString());
        Assert.Equal("EventGrid", trigger.GetProperty("source").GetString());
        Assert.Equal("AzureWebJobsStorage", trigger.GetProperty("connection").GetString());
    }

    [Fact]
    public void RetryPoisonedUpload_is_a_queue_trigger_on_the_blob_triggers_poison_queue()
    {
        var trigger = Trigger("RetryPoisonedUpload");
        Assert.Equal("queueTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal(Classifier.Pipeline.Blobs.PoisonedUploads.QueueName, trigger.GetProperty("queueName").GetString());
        Assert.Equal("AzureWebJobsStorage", trigger.GetProperty("connection").GetString());
    }

    [Theory]
    [InlineData("Health", "health", "get", "Anonymous")]
    [InlineData("Model", "model", "get", "Anonymous")]
    [InlineData("Predict", "predict", "post", "Function")]
    [InlineData("Upload", "uploads", "post", "Function")]
    [InlineData("Prediction", "predictions/{name}", "get", "Function")]
    [InlineData("PublicModel", "public/model", "get", "Anonymous")]
    [InlineData("PublicPredict", "public/predict", "post", "Anonymous")]
    [InlineData("PublicUpload", "public/uploads", "post", "Anonymous")]
    [InlineData("PublicPrediction", "public/predictions/{name}", "get", "Anonymous")]
    [InlineData("ReviewList", "review", "get", "Admin")]
    [InlineData("ReviewImage", "review/{name}/image", "get", "Admin")]
    [InlineData("ReviewLabel", "review/{name}", "post", "Admin")]
    [InlineData("Stats", "stats", "get", "Admin")]
    [InlineData("Deployment", "deployment", "get", "Admin")]
    [InlineData("ChangeDeployment", "deployment", "post", "Admin")]
    [InlineData("OpenApi", "openapi.json", "get", "Anonymous")]
    public void Http_functions_have_their_route_method_and_auth_level(string name, string route, string method, string authLevel)
    {
        var trigger = Trigger(name);
        Assert.Equal("httpTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal(route, trigger.GetProperty("route").GetString());
        Assert.Equal([method], trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal(authLevel, trigger.GetProperty("authLevel").GetString());
    }

    [Fact]
    public void There_are_exactly_the_functions_the_api_documents()
    {
        var names = Read("functions.metadata").EnumerateArray().Select(f => f.GetProperty("name").GetString()!).Order().ToArray();
        Assert.Equal<string>(
            ["ChangeDeployment", "ClassifyUpload", "Deployment", "Health", "Model", "OpenApi", "Predict", "Prediction", "PublicModel", "PublicPredict", "PublicPrediction", "PublicUpload",
             "RetryPoisonedUpload", "ReviewImage", "ReviewLabel", "ReviewList", "Stats", "Upload"],
            names);
    }

    [Fact]
    public void Every_anonymous_function_is_under_the_per_client_rate_limit()
    {
        var anonymous = Read("functions.metadata").EnumerateArray()
            .Where(f => f.GetProperty("bindings").EnumerateArray().Any(b =>
                b.TryGetProperty("authLevel", out var level) && level.GetString() == "Anonymous"))
            .Select(f => f.GetProperty("name").GetString()!)
            .Order();
        Assert.Equal(anonymous, ApiRoutes.AnonymousFunctions.Order());
    }

    [Fact]
    public void The_http_functions_are_exactly_the_route_table()
    {
        static string Level(RouteAuth auth) => auth switch
        {
            RouteAuth.Anonymous => "Anonymous",
            RouteAuth.Function => "Function",
            _ => "Admin",
        };
        var table = ApiRoutes.All
            .SelectMany(route => route.Served().Select(s => $"{s.Name} {route.Method.ToLowerInvariant()} {s.Path} {Level(s.Auth)}"))
            .Order();
        var functions = Read("functions.metadata").EnumerateArray()
            .Select(f => (Name: f.GetProperty("name").GetString(), Trigger: f.GetProperty("bindings").EnumerateArray().Single(b => b.GetProperty("direction").GetString() == "In")))
            .Where(f => f.Trigger.GetProperty("type").GetString() == "httpTrigger")
            .Select(f => $"{f.Name} {string.Join(",", f.Trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()))} " +
                         $"{f.Trigger.GetProperty("route").GetString()} {f.Trigger.GetProperty("authLevel").GetString()}")
            .Order();
        Assert.Equal(table, functions);
    }

    [Fact]
    public void The_worker_is_the_isolated_dotnet_app()
    {
        var description = Read("worker.config.json").GetProperty("description");
        Assert.Equal("dotnet-isolated", description.GetProperty("language").GetString());
        Assert.Equal("Classifier.Functions.dll", description.GetProperty("defaultWorkerPath").GetString());
        Assert.True(File.Exists(Path.Combine(RepoPaths.FunctionsOutput, "Classifier.Functions.dll")));
    }

    [Fact]
    public void The_host_loads_the_blob_extension()
    {
        var extensions = Read("extensions.json").GetProperty("extensions").EnumerateArray()
            .Select(e => e.GetProperty("name").GetString()).ToList();
        Assert.Contains("AzureStorageBlobs", extensions);
        Assert.Contains("AzureStorageQueues", extensions);
    }

    [Fact]
    public void Host_json_in_the_output_sets_the_api_prefix_and_the_tries_of_both_triggers()
    {
        var extensions = Read("host.json").GetProperty("extensions");
        Assert.Equal("api", extensions.GetProperty("http").GetProperty("routePrefix").GetString());
        Assert.Equal(Classifier.Pipeline.Blobs.UploadProcessor.HostTries, extensions.GetProperty("blobs").GetProperty("poisonBlobThreshold").GetInt32());
        Assert.Equal(Classifier.Pipeline.Blobs.PoisonedUploads.MaxTries, extensions.GetProperty("queues").GetProperty("maxDequeueCount").GetInt32());
    }
}
