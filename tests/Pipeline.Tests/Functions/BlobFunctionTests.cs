using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;
using Classifier.Core.Inference;
using Classifier.Functions;
using Classifier.Pipeline.Blobs;
using Classifier.Pipeline.Storage;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Tests.Fixtures;

namespace Pipeline.Tests.Functions;

/// <summary>The ClassifyUpload function called directly with the BlobClient the trigger binds, on a real Azurite.</summary>
public sealed class BlobFunctionTests : IClassFixture<AzuriteFixture>, IDisposable
{
    private readonly ServiceProvider _services;
    private readonly ClassifyUpload _function;
    private readonly PredictionStore _store;
    private readonly string _connectionString;

    public BlobFunctionTests(AzuriteFixture azurite)
    {
        _connectionString = azurite.ConnectionString;
        _services = PipelineServices.Build(azurite.ConnectionString);
        _function = new ClassifyUpload(_services.GetRequiredService<UploadProcessor>());
        _store = _services.GetRequiredService<PredictionStore>();
        _store.EnsureContainersAsync(CancellationToken.None).GetAwaiter().GetResult();
    }

    public void Dispose() => _services.Dispose();

    private async Task<Prediction> UploadAndRunAsync(string name, byte[] bytes)
    {
        var blob = _store.Uploads.GetBlobClient(name);
        await blob.UploadAsync(BinaryData.FromBytes(bytes), overwrite: true);
        await _function.Run(blob);
        var stored = await _store.Predictions.GetBlobClient(Containers.ResultName(name)).DownloadContentAsync();
        Assert.Equal("application/json", stored.Value.Details.ContentType);
        return Prediction.FromJson(stored.Value.Content.ToString());
    }

    [Fact]
    public async Task An_image_gets_a_result_with_its_source()
    {
        var bytes = TestImages.Jpeg(11);
        var result = await UploadAndRunAsync("photos/shoe.jpg", bytes);
        Assert.NotEqual(PredictionStatus.Rejected, result.Status);
        Assert.NotNull(result.Label);
        Assert.Equal(new BlobSource("uploads", "photos/shoe.jpg", result.Source!.Etag, bytes.Length), result.Source);
        Assert.False(string.IsNullOrEmpty(result.Source.Etag));
        Assert.NotNull(result.ProcessedAt);
    }

    [Theory]
    [InlineData("notes.jpg", "not an image")]
    [InlineData("cut.jpg", "truncated")]
    public async Task Bytes_that_cannot_be_decoded_give_a_rejected_result_without_throwing(string name, string reason)
    {
        var bytes = name == "notes.jpg" ? TestImages.NotAnImage(1) : TestImages.TruncatedJpeg(2);
        var result = await UploadAndRunAsync(name, bytes);
        Assert.Equal(PredictionStatus.Rejected, result.Status);
        Assert.Contains(reason, result.Error);
        Assert.Null(result.Label);
    }

    [Fact]
    public async Task A_storage_failure_is_thrown_so_the_host_retries()
    {
        // A blob client whose storage does not answer (nothing listens on port 9): the host must see the failure.
        var options = StorageAccount.ClientOptions();
        options.Retry.MaxRetries = 0;
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(2);
        var unreachable = new BlobClient(new Uri("http://127.0.0.1:9/devstoreaccount1/uploads/x.png"), options);
        await Assert.ThrowsAnyAsync<RequestFailedException>(() => _function.Run(unreachable));
    }

    [Fact]
    public async Task A_rerun_never_rewrites_a_finished_result()
    {
        var first = await UploadAndRunAsync("again.png", TestImages.Picture(12));
        var second = await UploadAndRunAsync("again.png", TestImages.Picture(12));
        Assert.Equal(first.ProcessedAt, second.ProcessedAt); // the stored result is still the first run's
    }

    [Fact]
    public async Task A_failure_that_is_not_the_image_is_retried_and_the_last_try_stores_a_generic_failed_result()
    {
        // A blob that exists but whose model cannot be loaded: every try fails for a reason the image has no part in.
        using var broken = PipelineServices.Build(_connectionString,
            new Dictionary<string, string?> { ["Classifier:ModelContainer"] = "broken-for-blobs" }, shareModel: false);
        await BrokenModelAsync("broken-for-blobs");
        var function = new ClassifyUpload(broken.GetRequiredService<UploadProcessor>());
        var blob = _store.Uploads.GetBlobClient("no-model.png");
        await blob.UploadAsync(BinaryData.FromBytes(TestImages.Picture(13)), overwrite: true);
        var result = _store.Predictions.GetBlobClient(Containers.ResultName("no-model.png"));

        for (var attempt = 1; attempt < UploadProcessor.HostTries; attempt++)
        {
            await Assert.ThrowsAnyAsync<Exception>(() => function.Run(blob));
            Assert.False(await result.ExistsAsync(), $"a result after try {attempt}: the host would not retry");
        }
        await Assert.ThrowsAnyAsync<Exception>(() => function.Run(blob)); // still thrown: the host moves the message to the poison queue

        var stored = Prediction.FromJson((await result.DownloadContentAsync()).Value.Content.ToString());
        Assert.Equal(PredictionStatus.Failed, stored.Status);
        Assert.Equal(UploadProcessor.FailedReason, stored.Error);
        Assert.Equal("no-model.png", stored.Source!.Name);
    }

    private async Task BrokenModelAsync(string container)
    {
        var models = _store.Uploads.GetParentBlobServiceClient().GetBlobContainerClient(container);
        await models.CreateIfNotExistsAsync();
        await models.GetBlobClient("model.onnx").UploadAsync(BinaryData.FromString("not an onnx file"), overwrite: true);
        await models.GetBlobClient("model.json").UploadAsync(
            BinaryData.FromString(Classifier.Core.DefaultModel.DefaultModelPackage.Ensure().Card.ToJson()), overwrite: true);
    }
}
