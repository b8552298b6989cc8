using Classifier.Core.DefaultModel;
using Classifier.Core.Model;
using Classifier.Functions;
using Classifier.Pipeline.Http;
using Classifier.Pipeline.Model;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Tests.Fixtures;

namespace Pipeline.Tests.Pipeline;

/// <summary>Swapping in one's own model: model.onnx + model.json in the models container win over the built-in model.</summary>
public sealed class ModelSourceTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private async Task PutModelAsync(string container, byte[] onnx, ModelCard card, string? statisticsFrom = null)
    {
        var client = azurite.Blobs.GetBlobContainerClient(container);
        await client.CreateIfNotExistsAsync();
        if (statisticsFrom is not null)
            await client.GetBlobClient(card.OutOfDomain!.Statistics).UploadAsync(BinaryData.FromBytes(File.ReadAllBytes(Path.Combine(statisticsFrom, card.OutOfDomain.Statistics!))), overwrite: true);
        await client.GetBlobClient(ModelPackage.OnnxFileName).UploadAsync(BinaryData.FromBytes(onnx), overwrite: true);
        await client.GetBlobClient(ModelPackage.CardFileName).UploadAsync(BinaryData.FromString(card.ToJson()), overwrite: true);
    }

    private async Task<HttpCall.Answer> GetAsync(ServiceProvider services, string path, Func<HttpApi, Microsoft.AspNetCore.Http.HttpRequest, Task<Microsoft.AspNetCore.Mvc.IActionResult>> function)
    {
        var api = new HttpApi(services.GetRequiredService<ApiHandlers>());
        var context = HttpCall.Request("GET", path, services: services);
        return await HttpCall.ExecuteAsync(context, await function(api, context.Request));
    }

    [Fact]
    public async Task A_model_in_the_models_container_is_the_one_served()
    {
        var builtIn = DefaultModelPackage.Ensure();
        await PutModelAsync("my-models", File.ReadAllBytes(builtIn.OnnxPath), builtIn.Card with { Name = "my-own-model", Version = "9.9.9" }, builtIn.Directory);
        using var services = PipelineServices.Build(azurite.ConnectionString,
            new Dictionary<string, string?> { ["Classifier:ModelContainer"] = "my-models" }, shareModel: false);

        var model = await GetAsync(services, "/api/model", (api, r) => api.Model(r));
        Assert.Equal(200, model.Status);
        Assert.Equal("my-own-model", model.Json.GetProperty("name").GetString());
        Assert.Equal("9.9.9", model.Json.GetProperty("version").GetString());
        Assert.True(model.Json.GetProperty("outOfDomain").GetProperty("available").GetBoolean()); // its statistics came along
        Assert.Equal("storage", model.Json.GetProperty("source").GetString());
    }

    [Fact]
    public async Task A_model_without_its_card_is_refused_and_never_replaced_by_the_built_in_model()
    {
        var client = azurite.Blobs.GetBlobContainerClient("models-without-card");
        await client.CreateIfNotExistsAsync();
        await client.GetBlobClient(ModelPackage.OnnxFileName).UploadAsync(DefaultModelPackage.Ensure().OnnxPath);
        using var services = PipelineServices.Build(azurite.ConnectionString,
            new Dictionary<string, string?> { ["Classifier:ModelContainer"] = "models-without-card" }, shareModel: false);

        var model = await GetAsync(services, "/api/model", (api, r) => api.Model(r));

        Assert.Equal(503, model.Status);
        var reason = await Assert.ThrowsAsync<ModelUnavailableException>(() => services.GetRequiredService<ClassifierHolder>().GetAsync());
        Assert.StartsWith("container 'models-without-card' has model.onnx but no model.json (the model card): a model is never served without its card", reason.Message);
    }

    [Fact]
    public async Task A_card_whose_statistics_were_not_uploaded_is_503_and_the_reason_names_the_field()
    {
        var builtIn = DefaultModelPackage.Ensure();
        await PutModelAsync("models-without-statistics", File.ReadAllBytes(builtIn.OnnxPath), builtIn.Card);
        using var services = PipelineServices.Build(azurite.ConnectionString,
            new Dictionary<string, string?> { ["Classifier:ModelContainer"] = "models-without-statistics" }, shareModel: false);

        var model = await GetAsync(services, "/api/model", (api, r) => api.Model(r));

        // The client gets the generic unavailable detail, like every model failure; the reason, naming the
        // card's field, is the holder's (and the log's).
        Assert.Equal(503, model.Status);
        Assert.Contains("the model is not available", model.Json.GetProperty("detail").GetString());
        var reason = await Assert.ThrowsAsync<ModelUnavailableException>(() => services.GetRequiredService<ClassifierHolder>().GetAsync());
        Assert.Contains("outOfDomain.statistics", reason.Message);
    }

    [Fact]
    public async Task An_empty_models_container_means_the_built_in_model()
    {
        await azurite.Blobs.GetBlobContainerClient("empty-models").CreateIfNotExistsAsync();
        using var services = PipelineServices.Build(azurite.ConnectionString,
            new Dictionary<string, string?> { ["Classifier:ModelContainer"] = "empty-models" }, shareModel: false);
        var model = await GetAsync(services, "/api/model", (api, r) => api.Model(r));
        Assert.Equal(200, model.Status);
        Assert.Equal(DefaultModelPackage.Ensure().Card.Name, model.Json.GetProperty("name").GetString());
        Assert.Equal("built-in", model.Json.GetProperty("source").GetString());
    }

    [Fact]
    public async Task A_broken_model_is_degraded_health_and_an_unavailable_model_without_paths_or_retried_downloads()
    {
        var card = DefaultModelPackage.Ensure().Card;
        await PutModelAsync("broken-models", "not an onnx file"u8.ToArray(), card);
        using var services = PipelineServices.Build(azurite.ConnectionString,
            new Dictionary<string, string?> { ["Classifier:ModelContainer"] = "broken-models" }, shareModel: false);
        var downloads = Directory.Exists(ModelSource.DownloadRoot) ? Directory.GetDirectories(ModelSource.DownloadRoot).Length : 0;

        var health = await GetAsync(services, "/api/health", (api, r) => api.Health(r));
        Assert.Equal(503, health.Status);
        Assert.Equal("""{"status":"degraded"}""", health.Body);

        for (var i = 0; i < 5; i++)
        {
            var model = await GetAsync(services, "/api/model", (api, r) => api.Model(r));
            Assert.Equal(503, model.Status);
            Assert.True(model.IsProblem);
            Assert.Contains("model is not available", model.Detail);
            Assert.True(int.Parse(model.Headers.RetryAfter.ToString(), System.Globalization.CultureInfo.InvariantCulture) > 0);
            Assert.DoesNotContain("/", model.Detail);
            Assert.DoesNotContain("onnx", model.Body, StringComparison.OrdinalIgnoreCase);
        }
        // One failed download, remembered for a minute, and its folder removed.
        Assert.Equal(downloads, Directory.Exists(ModelSource.DownloadRoot) ? Directory.GetDirectories(ModelSource.DownloadRoot).Length : 0);
    }
}
