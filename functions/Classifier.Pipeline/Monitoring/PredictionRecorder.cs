using Classifier.Core.Imaging;
using Classifier.Core.Inference;
using Classifier.Pipeline.Blobs;
using Classifier.Pipeline.Review;
using Microsoft.Extensions.Logging;

namespace Classifier.Pipeline.Monitoring;

/// <summary>
/// What happens to every prediction after it is made: stored results that are uncertain or out-of-domain
/// enter the review queue, and every prediction is counted for drift monitoring (and sent as metrics).
/// </summary>
public sealed class PredictionRecorder(
    ReviewQueue queue,
    HourlyCounters counters,
    PredictionStore store,
    ReviewSettings settings,
    TimeProvider clock,
    IPredictionMetrics metrics,
    ILogger<PredictionRecorder> logger)
{
    /// <summary>
    /// The blob step's result, called once: by the run that stored it. Counted first, since a retry finds the
    /// result stored and counts nothing (<see cref="EnsureQueuedAsync"/>); a counter that cannot be written is
    /// logged, never worth classifying again. Queueing failures are thrown: the host retries the upload, and
    /// the retry queues the stored result (the queue write is idempotent).
    /// </summary>
    public async Task RecordStoredAsync(string name, Prediction result, CancellationToken cancellation)
    {
        await CountAsync(result, cancellation);
        if (ReviewQueue.BelongsInQueue(result.Status))
            await queue.EnqueueAsync(name, result, cancellation);
    }

    /// <summary>The review-queue half of <see cref="RecordStoredAsync"/>, for a result stored by an earlier try.</summary>
    public async Task EnsureQueuedAsync(string name, Prediction result, CancellationToken cancellation)
    {
        if (ReviewQueue.BelongsInQueue(result.Status))
            await queue.EnqueueAsync(name, result, cancellation);
    }

    /// <summary>
    /// A direct POST /api/predict. Its image is not kept, unless Review__KeepPredictImages is on and the
    /// model is unsure: then it goes to uploads/ under a generated name, and the blob step queues (and
    /// counts) it like any upload. The prediction is made by then: storage that fails only costs the
    /// review entry (logged), never the caller's answer, and the prediction is counted here instead.
    /// </summary>
    /// <param name="limits">The limits the image was classified under (the route's), for the probe of its format.</param>
    public async Task RecordDirectAsync(Prediction prediction, ReadOnlyMemory<byte> image, ImageLimits limits, CancellationToken cancellation)
    {
        if (settings.KeepPredictImages && ReviewQueue.BelongsInQueue(prediction.Status) && await TryKeepAsync(prediction, image, limits, cancellation))
            return;
        metrics.Record(prediction);
        counters.Add(prediction, e => logger.LogWarning(e, "Prediction counters not written; they are kept for the next write"));
    }

    private async Task<bool> TryKeepAsync(Prediction prediction, ReadOnlyMemory<byte> image, ImageLimits limits, CancellationToken cancellation)
    {
        try
        {
            var (format, _, _) = ImageDecoder.Probe(image.Span, limits);
            var name = BlobNames.Generate(format, clock.GetUtcNow());
            await store.StoreUploadAsync(name, image, "image/" + format.ToLowerInvariant(), cancellation);
            logger.LogInformation("Kept predict image {Name} for review ({Status})", name, prediction.Status);
            return true;
        }
        catch (Exception e) when (!cancellation.IsCancellationRequested)
        {
            logger.LogWarning(e, "Predict image not kept for review ({Status}): storing it failed", prediction.Status);
            return false;
        }
    }

    private async Task CountAsync(Prediction prediction, CancellationToken cancellation)
    {
        metrics.Record(prediction);
        try
        {
            await counters.RecordAsync(prediction, cancellation);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Prediction counters not written");
        }
    }
}
