using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.RateLimiting;
using Azure.Data.Tables;
using Classifier.Core.Inference;
using Classifier.Pipeline.Load;
using Classifier.Pipeline.Model;
using Classifier.Pipeline.Review;
using Classifier.Pipeline.Storage;
using Microsoft.Extensions.Logging;

namespace Classifier.Pipeline.Deployment;

/// <summary>
/// The shadow step: the candidate scores an image after live has answered, in the background, only when a
/// share of the pixel budget (and, for a request body it must copy, of the body-byte budget) is free at once: an
/// answer waits for no more than the read of the image's header, and the shadow is skipped under load. Per candidate and
/// hour this instance counts agreement with live, both label mixes and the uncertain and out-of-domain
/// rates, and writes them (one row per hour and instance, like the hourly counters) on each flush; an
/// upload they disagree on enters the review queue with the reason "disagreement".
/// </summary>
public sealed class ShadowComparisons(LazyTable? table, ReviewQueue queue, WorkGate gate, PipelineSettings pipeline, TimeProvider clock, ILogger<ShadowComparisons> logger)
{
    public const string TableName = "comparisons";

    private readonly ConcurrentDictionary<(string Version, string Hour), ShadowTally> _tallies = new();
    private readonly string _shard = Guid.NewGuid().ToString("N")[..12];
    private int _running;

    /// <summary>
    /// Scores in the background; <paramref name="candidate"/> is disposed when done. <paramref name="uploadName"/> is set for
    /// blob uploads (a disagreement is queued for review). A <paramref name="borrowed"/> image (a request body, whose buffer
    /// goes back to the pool when the answer is sent) is copied, but only once the shares are taken, the copy's from the
    /// body-byte budget: a shadow that has no room costs nothing.
    /// </summary>
    public void Score(ServedModel.Use candidate, ReadOnlyMemory<byte> image, Prediction live, string? uploadName, bool borrowed = false)
    {
        // One per core at most, and only in free capacity: shadow work never makes an answer wait.
        if (Interlocked.Increment(ref _running) > Environment.ProcessorCount || Admit(candidate, image, borrowed) is not { } admitted)
        {
            Interlocked.Decrement(ref _running);
            candidate.Dispose();
            return;
        }
        _ = Task.Run(async () =>
        {
            try
            {
                var shadow = await candidate.Classifier.ClassifyOrRejectAsync(admitted.Image, limits: pipeline.Limits);
                if (live.Label is null || shadow.Label is null)
                    return;
                Tally(candidate.Model.Version).Add(live, shadow);
                if (uploadName is not null && shadow.Label != live.Label && live.ProcessedAt is not null)
                    await queue.EnqueueAsync(uploadName, live, CancellationToken.None, shadow);
            }
            catch (Exception e)
            {
                logger.LogWarning("Shadow scoring by {Version} failed: {Reason}", candidate.Model.Version, e.Message);
            }
            finally
            {
                admitted.Dispose();
                Interlocked.Decrement(ref _running);
                candidate.Dispose();
            }
        });
    }

    /// <summary>The shares the shadow holds while it runs, taken now or not at all, and the image it reads; null when there is no room.</summary>
    private Admission? Admit(ServedModel.Use candidate, ReadOnlyMemory<byte> image, bool borrowed)
    {
        RateLimitLease? pixels = null, bytes = null;
        try
        {
            pixels = gate.TryEnter(WorkKind.Pixels, DecodeCost.Pixels(image.Span, pipeline.Limits, candidate.Classifier.Card.DecodeOptions));
            if (pixels.IsAcquired && (!borrowed || (bytes = gate.TryEnter(WorkKind.BodyBytes, image.Length)).IsAcquired))
                return new Admission(borrowed ? image.ToArray() : image, pixels, bytes);
        }
        catch (Exception e)
        {
            logger.LogWarning("Shadow scoring by {Version} not started: {Reason}", candidate.Model.Version, e.Message);
        }
        pixels?.Dispose();
        bytes?.Dispose();
        return null;
    }

    private sealed record Admission(ReadOnlyMemory<byte> Image, RateLimitLease Pixels, RateLimitLease? Bytes) : IDisposable
    {
        public void Dispose()
        {
            Pixels.Dispose();
            Bytes?.Dispose();
        }
    }

    /// <summary>Writes this instance's tallies that changed since the last flush.</summary>
    public async Task FlushAsync(CancellationToken cancellation)
    {
        if (table is null)
            return;
        foreach (var ((version, hour), tally) in _tallies)
        {
            if (!tally.TakeDirty())
                continue;
            try
            {
                var client = await table.GetAsync(cancellation);
                await client.UpsertEntityAsync(tally.ToEntity(version, $"{hour}-{_shard}"), TableUpdateMode.Replace, cancellation);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                tally.MarkDirty();
                logger.LogWarning("Shadow comparisons not written ({Reason}); kept for the next flush", e.Message);
                return;
            }
        }
    }

    /// <summary>Every instance's rows for one candidate, hour by hour (the monitor's series) and summed.</summary>
    public async Task<IReadOnlyList<ShadowHour>> ReadAsync(ModelVersion candidate, CancellationToken cancellation)
    {
        if (table is null)
            return [];
        var client = await table.GetAsync(cancellation);
        var hours = new SortedDictionary<string, ShadowHour>(StringComparer.Ordinal);
        await foreach (var row in client.QueryAsync<TableEntity>(e => e.PartitionKey == candidate.ToString(), cancellationToken: cancellation))
        {
            var hour = row.RowKey.Split('-')[0];
            var next = ShadowHour.From(hour, row);
            hours[hour] = hours.TryGetValue(hour, out var sum) ? sum.Plus(next) : next;
        }
        return hours.Values.ToList();
    }

    /// <summary>All instances' figures for one candidate, summed (this instance's flushed first).</summary>
    public async Task<ShadowHour?> TotalAsync(ModelVersion candidate, CancellationToken cancellation)
    {
        await FlushAsync(cancellation);
        ShadowHour? total = null;
        foreach (var hour in await ReadAsync(candidate, cancellation))
            total = total is null ? hour : total.Plus(hour);
        return total;
    }

    private ShadowTally Tally(ModelVersion version) =>
        _tallies.GetOrAdd((version.ToString(), clock.GetUtcNow().UtcDateTime.ToString("yyyyMMddHH", CultureInfo.InvariantCulture)), _ => new ShadowTally());
}
