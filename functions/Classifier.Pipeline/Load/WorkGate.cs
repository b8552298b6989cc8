using System.Threading.RateLimiting;

namespace Classifier.Pipeline.Load;

/// <summary>What a slot of the <see cref="WorkGate"/> is for.</summary>
public enum WorkKind
{
    /// <summary>Holding a request body in memory.</summary>
    Body,
    /// <summary>Decoding, resizing and running the model.</summary>
    Classification,
}

/// <summary>
/// Bounds the work of one process: at most so many bodies in memory and classifications running, a short
/// queue in front of each, and a bounded wait in that queue. A request that gets no slot is answered
/// 503 at once, before its body is read, so nothing unbounded piles up in memory.
/// </summary>
public sealed class WorkGate(LoadSettings settings) : IDisposable
{
    private readonly ConcurrencyLimiter _bodies = Limiter(settings.BodiesInFlight, settings.QueueLength);
    private readonly ConcurrencyLimiter _classifications = Limiter(settings.ClassificationsInFlight, settings.QueueLength);

    /// <summary>Seconds a turned-away client should wait: about one queue wait.</summary>
    public int RetryAfterSeconds { get; } = Math.Max(1, (int)Math.Ceiling(settings.QueueWait.TotalSeconds));

    /// <summary>A held slot (dispose it to free the slot), or a lease with IsAcquired false when the process is busy.</summary>
    public async ValueTask<RateLimitLease> EnterAsync(WorkKind kind, CancellationToken cancellation)
    {
        var limiter = kind == WorkKind.Body ? _bodies : _classifications;
        var now = limiter.AttemptAcquire();
        if (now.IsAcquired || settings.QueueWait <= TimeSpan.Zero)
            return now;
        now.Dispose();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        deadline.CancelAfter(settings.QueueWait);
        try
        {
            return await limiter.AcquireAsync(1, deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            return Busy.Instance; // waited long enough
        }
    }

    /// <summary>Slots free right now (logs, and tests that must know a request holds one).</summary>
    public long FreeSlots(WorkKind kind) =>
        (kind == WorkKind.Body ? _bodies : _classifications).GetStatistics()?.CurrentAvailablePermits ?? 0;

    /// <summary>For background work that may wait as long as it takes (the blob trigger retries anyway).</summary>
    public async ValueTask<RateLimitLease> WaitAsync(WorkKind kind, CancellationToken cancellation)
    {
        var limiter = kind == WorkKind.Body ? _bodies : _classifications;
        while (true)
        {
            var lease = await limiter.AcquireAsync(1, cancellation);
            if (lease.IsAcquired)
                return lease;
            lease.Dispose(); // the queue was full: try again shortly
            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellation);
        }
    }

    private static ConcurrencyLimiter Limiter(int permits, int queue) => new(new ConcurrencyLimiterOptions
    {
        PermitLimit = permits,
        QueueLimit = queue,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
    });

    public void Dispose()
    {
        _bodies.Dispose();
        _classifications.Dispose();
    }

    private sealed class Busy : RateLimitLease
    {
        public static readonly Busy Instance = new();
        public override bool IsAcquired => false;
        public override IEnumerable<string> MetadataNames => [];
        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}
