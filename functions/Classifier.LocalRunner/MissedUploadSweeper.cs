using Azure.Storage.Blobs.Models;
using Classifier.Pipeline.Blobs;
using Classifier.Pipeline.Http;
using Classifier.Pipeline.Storage;

namespace Classifier.LocalRunner;

/// <summary>
/// Works around a known gap in the WebJobs blob scan (Azure/azure-sdk-for-net#62763, in 5.3.8 and later):
/// a blob written while a container listing runs can fall behind the scan's high-water mark and is then
/// delivered only from storage analytics logs, which Azurite does not write, so never. Seen here as an
/// upload left unclassified. Every few seconds this touches uploads that have waited too long without a
/// result (a metadata write: new ETag and Last-Modified), so the next scan sees them as new. The trigger's
/// receipts are per ETag and a queued message for the old ETag is skipped, so each upload still runs once.
/// </summary>
internal sealed class MissedUploadSweeper(PredictionStore store, ILogger<MissedUploadSweeper> logger) : IAsyncDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);
    private const string NudgeKey = "rescan";

    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;

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
            catch (Exception e) when (Failures.IsStorageFault(e))
            {
                logger.LogWarning("Could not check for missed uploads: {Reason}", e.Message);
            }
        }
    }

    private async Task SweepAsync(CancellationToken cancellation)
    {
        var now = DateTimeOffset.UtcNow;
        await foreach (var item in store.Uploads.GetBlobsAsync(new GetBlobsOptions { Traits = BlobTraits.Metadata }, cancellation))
        {
            if (item.Properties.LastModified is not { } modified || now - modified < Patience)
                continue;
            var result = store.Predictions.GetBlobClient(Containers.ResultName(item.Name));
            if (await result.ExistsAsync(cancellation))
                continue;
            logger.LogInformation("Upload {Name} waited {Seconds:0} s without a result; nudging the blob scan", item.Name, (now - modified).TotalSeconds);
            var metadata = new Dictionary<string, string>(item.Metadata) { [NudgeKey] = now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture) };
            await store.Uploads.GetBlobClient(item.Name).SetMetadataAsync(metadata,
                new BlobRequestConditions { IfMatch = item.Properties.ETag }, cancellation);
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
