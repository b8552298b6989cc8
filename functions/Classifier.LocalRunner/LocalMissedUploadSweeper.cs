using Classifier.Pipeline.Blobs;
using Classifier.Pipeline.Storage;

namespace Classifier.LocalRunner;

/// <summary>
/// What the local host needs and Azure's does not: on Azure, Event Grid delivers every new upload and no
/// container is scanned; here the WebJobs SDK scans containers, and its scan has a gap.
/// Works around a known gap in the WebJobs blob scan (Azure/azure-sdk-for-net#62763, in 5.3.8 and later):
/// a blob written while a container listing runs can fall behind the scan's high-water mark and is then
/// delivered only from storage analytics logs, which Azurite does not write, so never. Seen here as an
/// upload left unclassified. This looks for uploads that have waited <see cref="Patience"/> without a
/// result and classifies each of them itself, once per process. It never writes to the user's blobs and
/// never re-delivers to the host, so a poisoned upload stays the host's; and results are written only
/// where none exists, so a late host run cannot write one twice.
/// Bounded: only uploads written within <see cref="Horizon"/> are looked at (older ones were in the
/// scan at this process's start, which has no gap), each at most once (remembered until it passes the
/// horizon), and an idle sweep waits twice as long before the next, up to <see cref="MaxInterval"/>.
/// </summary>
internal sealed class LocalMissedUploadSweeper(PredictionStore store, UploadProcessor processor, TimeProvider clock, ILogger<LocalMissedUploadSweeper> logger) : IAsyncDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan MaxInterval = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan Horizon = TimeSpan.FromMinutes(15);

    private readonly CancellationTokenSource _stop = new();
    // Uploads already looked at (a result was there, or this sweeper tried it), with their write time.
    private readonly Dictionary<string, DateTimeOffset> _settled = new(StringComparer.Ordinal);
    private Task _loop = Task.CompletedTask;

    /// <summary>How many missed uploads this sweeper classified itself (logs and the fault run).</summary>
    public int Classified { get; private set; }

    /// <summary>How many uploads it remembers having looked at (bounded by the horizon).</summary>
    public int Remembered => _settled.Count;

    public void Start() => _loop = Task.Run(() => LoopAsync(_stop.Token));

    private async Task LoopAsync(CancellationToken cancellation)
    {
        var wait = Interval;
        while (true)
        {
            await Task.Delay(wait, cancellation).ConfigureAwait(false);
            try
            {
                var (looked, _) = await SweepAsync(cancellation);
                wait = looked > 0 ? Interval : TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, MaxInterval.Ticks));
            }
            catch (Exception e) when (StorageFaults.Is(e))
            {
                logger.LogWarning("Could not check for missed uploads: {Reason}", e.Message);
            }
        }
    }

    /// <summary>One pass: lists uploads and looks (one HEAD each) only at those in the window not looked at before.</summary>
    /// <returns>How many uploads it looked at, and how many of those it classified.</returns>
    internal async Task<(int Looked, int Classified)> SweepAsync(CancellationToken cancellation)
    {
        var now = clock.GetUtcNow();
        foreach (var old in _settled.Where(s => now - s.Value > Horizon).Select(s => s.Key).ToList())
            _settled.Remove(old);
        var (looked, classified) = (0, 0);
        await foreach (var item in store.Uploads.GetBlobsAsync(cancellationToken: cancellation))
        {
            if (item.Properties.LastModified is not { } modified || now - modified < Patience || now - modified > Horizon || _settled.ContainsKey(item.Name))
                continue;
            looked++;
            _settled[item.Name] = modified; // one look per upload: a failing one is the host's (and the poison queue's)
            if (await store.Predictions.GetBlobClient(Containers.ResultName(item.Name)).ExistsAsync(cancellation))
                continue;
            logger.LogWarning("Upload {Name} waited {Seconds:0} s without a result; classifying it here", item.Name, (now - modified).TotalSeconds);
            try
            {
                if (await processor.ClassifyAndStoreAsync(store.Uploads.GetBlobClient(item.Name), cancellation) is { Stored: true })
                {
                    classified++;
                    Classified++;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning("Missed upload {Name} could not be classified here: {Reason}", item.Name, e.Message);
            }
        }
        return (looked, classified);
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
