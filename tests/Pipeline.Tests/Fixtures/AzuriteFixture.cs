using Azure.Storage.Blobs;
using Classifier.Pipeline.Storage;

namespace Pipeline.Tests.Fixtures;

/// <summary>
/// A private Azurite (<see cref="AzuriteProcess"/>) for one test class, with clients pinned to the API version
/// the pipeline uses. Stopped on dispose, also when a test failed.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteProcess? _azurite;

    public string ConnectionString => _azurite?.ConnectionString ?? throw new InvalidOperationException("Azurite is not started");

    public BlobServiceClient Blobs => new(ConnectionString, StorageAccount.ClientOptions());

    public async Task InitializeAsync() => _azurite = await AzuriteProcess.StartAsync();

    public async Task DisposeAsync()
    {
        if (_azurite is not null)
            await _azurite.DisposeAsync();
    }
}
