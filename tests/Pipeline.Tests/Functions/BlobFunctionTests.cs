using Azure;
using Azure.Storage.Blobs;
using Classifier.Functions;
using Classifier.Pipeline.Blobs;
using Classifier.Pipeline.Storage;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Tests.Fixtures;

namespace Pipeline.Tests.Functions;

/// <summary>
/// The ClassifyUpload function called directly, only for what a delivery through the worker
/// (Pipeline.Tests.FunctionsApp.FunctionsAppBlobTests) cannot give it: a BlobClient on storage that does not answer.
/// </summary>
public sealed class BlobFunctionTests : IClassFixture<AzuriteFixture>, IDisposable
{
    private readonly ServiceProvider _services;
    private readonly ClassifyUpload _function;

    public BlobFunctionTests(AzuriteFixture azurite)
    {
        _services = PipelineServices.Build(azurite.ConnectionString);
        _function = new ClassifyUpload(_services.GetRequiredService<UploadProcessor>());
    }

    public void Dispose() => _services.Dispose();

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
}
