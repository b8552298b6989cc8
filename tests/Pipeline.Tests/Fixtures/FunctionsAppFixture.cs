using Azure.Storage.Blobs;
using Classifier.Pipeline.Storage;
using TestSupport.FunctionsHost;
using Xunit.Abstractions;

namespace Pipeline.Tests.Fixtures;

/// <summary>
/// The real Functions app for one test class: a private Azurite and the built worker started on it by the
/// stand-in host (<see cref="FunctionsWorker"/>), with the app settings of <see cref="Settings"/>. A class
/// that needs other settings derives and overrides them. Both are stopped on dispose, also when a test failed.
/// </summary>
public class FunctionsAppFixture : IAsyncLifetime
{
    private AzuriteProcess? _azurite;
    private FunctionsWorker? _worker;

    public FunctionsWorker Worker => _worker ?? throw new InvalidOperationException("the Functions app is not started");

    public string ConnectionString => _azurite?.ConnectionString ?? throw new InvalidOperationException("Azurite is not started");

    /// <summary>A client on the app's storage, pinned to the API version the pipeline uses.</summary>
    public BlobServiceClient Blobs => new(ConnectionString, StorageAccount.ClientOptions());

    /// <summary>The app settings beyond AzureWebJobsStorage, as the host puts them in the worker's environment.</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>();

    /// <summary>Another worker on the same storage with other settings (the test disposes it).</summary>
    public Task<FunctionsWorker> StartWorkerAsync(IReadOnlyDictionary<string, string?> settings, ITestOutputHelper output) =>
        FunctionsWorker.StartAsync(WithStorage(settings), output.WriteLine);

    /// <summary>Sends the worker's logs to this test's output until the returned handle is disposed.</summary>
    public IDisposable LogTo(ITestOutputHelper output)
    {
        Worker.Log = output.WriteLine;
        return new LogSink(Worker);
    }

    public async Task InitializeAsync()
    {
        _azurite = await AzuriteProcess.StartAsync();
        // Storage as `azd provision` leaves it: infra/main.bicep creates the containers, the Functions app does not.
        foreach (var container in new[] { Containers.Uploads, Containers.Predictions, "models" })
            await Blobs.GetBlobContainerClient(container).CreateIfNotExistsAsync();
        _worker = await FunctionsWorker.StartAsync(WithStorage(Settings));
    }

    private Dictionary<string, string?> WithStorage(IReadOnlyDictionary<string, string?> settings)
    {
        var all = new Dictionary<string, string?> { ["AzureWebJobsStorage"] = ConnectionString };
        foreach (var (name, value) in settings)
            all[name] = value;
        return all;
    }

    public async Task DisposeAsync()
    {
        try
        {
            if (_worker is not null)
                await _worker.DisposeAsync();
        }
        finally
        {
            if (_azurite is not null)
                await _azurite.DisposeAsync();
        }
    }

    private sealed class LogSink(FunctionsWorker worker) : IDisposable
    {
        public void Dispose() => worker.Log = null;
    }
}
