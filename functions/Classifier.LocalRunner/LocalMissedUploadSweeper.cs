using Classifier.Pipeline.Blobs;
using Classifier.Pipeline.Storage;

namespace Classifier.LocalRunner;

/// <summary>
/// What the local host needs and Azure's does not: on Azure, Event Grid delivers every new upload and no
/// container is scanned; here the WebJobs SDK scans containers, and its scan has a gap.
/// Works around a known gap in the WebJobs blob scan (Azure/azure-sdk-for-net#62763, in 5.3.8 and later):
/// a blob written while a container listing runs can fall behind the scan's high-water mark and is then
/// delivered only from storage analytics logs, which Azurite does not write, so never. Seen here as an
/// upload left unclassified. Every few seconds this looks for uploads that have waited too long without a
/// result and classifies each of them itself, once per process. It never writes to the user's blobs and
/// never re-delivers to the host, so a poisoned upload (which has its "failed" result anyway) stays
/// poisoned; and results are written only where none exists, so a late host run cannot write one twice.
/// </summary>
internal sealed class LocalMissedUploadSweeper(PredictionStore store, UploadProcessor processor, ILogger<LocalMissedUploadSweeper> logger) : IAsyncDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly CancellationTokenSource _stop = new();
    private readonly HashSet<string> _tried = new(StringComparer.Ordinal);
    private Task _loop = Task.CompletedTask;

    /// <summary>How many missed uploads this sweeper classified itself (logs and the fault run).</summary>
    public int Classified { get; private set; }

    public void Start() => _loop = Task.Run(() => LoopAsync(_stop.Token));

    private async Task LoopAsync(CancellationToken cancellation)
    {
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(cancellation).ConfigureAwait(false))
        {
            try
            {
                await SweepAsync(cancellation);
            }
            catch (Exception e) when (StorageFaults.Is(e))
            {
                logger.LogWarning("Could not check for missed uploads: {Reason}", e.Message);
            }
        }
    }

    private async Task SweepAsync(CancellationToken cancellation)
    {
        var now = DateTimeOffset.UtcNow;
        await foreach (var item in store.Uploads.GetBlobsAsync(cancellationToken: cancellation))
        {
            if (item.Properties.LastModified is not { } modified || now - modified < Patience || _tried.Contains(item.Name))
                continue;
            if (await store.Predictions.GetBlobClient(Containers.ResultName(item.Name)).ExistsAsync(cancellation))
                continue;
            _tried.Add(item.Name); // one try of its own per upload: a failing one is the host's (and the poison queue's)
            logger.LogWarning("Upload {Name} waited {Seconds:0} s without a result; classifying it here", item.Name, (now - modified).TotalSeconds);
            try
            {
                if (await processor.ClassifyAndStoreAsync(store.Uploads.GetBlobClient(item.Name), cancellation) is { Stored: true })
                    Classified++;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning("Missed upload {Name} could not be classified here: {Reason}", item.Name, e.Message);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
    }
}
