using Azure.Storage.Blobs;
using Classifier.LocalRunner;
using Classifier.Pipeline.Storage;

namespace TestSupport;

/// <summary>
/// The local runner on a free 127.0.0.1 port over a private in-memory Azurite: what every runner-on-storage
/// test fixture starts. Disposing stops the runner, then its storage, also when a test failed.
/// </summary>
public sealed class LocalRunnerServer : IAsyncDisposable
{
    private readonly AzuriteProcess _azurite;

    private LocalRunnerServer(AzuriteProcess azurite, LocalRunner runner)
    {
        _azurite = azurite;
        Runner = runner;
    }

    public LocalRunner Runner { get; }

    public Uri BaseAddress => Runner.BaseAddress;

    /// <summary>The private Azurite's connection string (for a CLI run or a direct storage client).</summary>
    public string ConnectionString => _azurite.ConnectionString;

    /// <summary>A client on the runner's storage, pinned to the API version the pipeline uses.</summary>
    public BlobServiceClient Blobs => new(ConnectionString, StorageAccount.ClientOptions());

    /// <param name="options">What the test needs (site root, classifier, settings, blob trigger); the port and the storage are set here.</param>
    public static async Task<LocalRunnerServer> StartAsync(RunnerOptions options)
    {
        var azurite = await AzuriteProcess.StartAsync();
        try
        {
            var runner = await LocalRunner.StartAsync(options with { Port = 0, StorageConnectionString = azurite.ConnectionString });
            return new LocalRunnerServer(azurite, runner);
        }
        catch
        {
            await azurite.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        // The runner first: its blob host finishes the uploads in hand while storage is still there.
        try
        {
            await Runner.DisposeAsync();
        }
        finally
        {
            await _azurite.DisposeAsync();
        }
    }
}
