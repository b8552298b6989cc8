using System.Threading.RateLimiting;

namespace Classifier.Pipeline.Load;

/// <summary>
/// Bounds the memory of one process by what it holds, not by how many requests hold it: a budget of body
/// bytes and one of decoded pixels, each a weighted limiter served oldest first (a large request is not
/// overtaken for ever by small ones). A request that cannot have its share waits at most
/// <see cref="LoadSettings.QueueWait"/>, behind at most <see cref="LoadSettings.QueueLength"/> others, and is then
/// answered 503; background work waits as long as it takes. A share larger than the whole budget is cut to
/// the budget, so it runs alone.
/// </summary>
public sealed class WorkGate(LoadSettings settings) : IDisposable
{
    private readonly ConcurrencyLimiter _bodyBytes = Limiter(settings.BodyBytesInFlight);
    private readonly ConcurrencyLimiter _pixels = Limiter(settings.PixelsInFlight);
    private int _waiting;

    /// <summary>Seconds a turned-away client should wait: about one queue wait.</summary>
    public int RetryAfterSeconds { get; } = Math.Max(1, (int)Math.Ceiling(settings.QueueWait.TotalSeconds));

    /// <summary>A held share (dispose it to give it back), or a lease with IsAcquired false when the process is busy.</summary>
    public async ValueTask<RateLimitLease> EnterAsync(WorkKind kind, long amount, CancellationToken cancellation)
    {
        var limiter = Of(kind);
        var permits = Permits(kind, amount);
        var now = limiter.AttemptAcquire(permits);
        if (now.IsAcquired || settings.QueueWait <= TimeSpan.Zero)
            return now;
        now.Dispose();
        if (Interlocked.Increment(ref _waiting) > settings.QueueLength)
        {
            Interlocked.Decrement(ref _waiting);
            return Busy.Instance;
        }
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        deadline.CancelAfter(settings.QueueWait);
        try
        {
            return await limiter.AcquireAsync(permits, deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            return Busy.Instance; // waited long enough
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
    }

    /// <summary>A share only if it is free right now, never waiting nor queueing (work that is skipped when the process is busy).</summary>
    public RateLimitLease TryEnter(WorkKind kind, long amount) => Of(kind).AttemptAcquire(Permits(kind, amount));

    /// <summary>For background work that may wait as long as it takes (the blob trigger retries anyway).</summary>
    public ValueTask<RateLimitLease> WaitAsync(WorkKind kind, long amount, CancellationToken cancellation) =>
        Of(kind).AcquireAsync(Permits(kind, amount), cancellation);

    /// <summary>How much of a budget is free right now (logs, and tests that must know a request holds a share).</summary>
    public long Available(WorkKind kind) => Of(kind).GetStatistics()?.CurrentAvailablePermits ?? 0;

    /// <summary>Requests waiting for a share of either budget right now (tests that must know a request waits).</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    private ConcurrencyLimiter Of(WorkKind kind) => kind == WorkKind.BodyBytes ? _bodyBytes : _pixels;

    private int Permits(WorkKind kind, long amount) =>
        (int)Math.Clamp(amount, 1, kind == WorkKind.BodyBytes ? settings.BodyBytesInFlight : settings.PixelsInFlight);

    // Waiting requests are counted by the gate itself; the limiter's own queue bound is in permits, not requests.
    private static ConcurrencyLimiter Limiter(long permits) => new(new ConcurrencyLimiterOptions
    {
        PermitLimit = (int)permits,
        QueueLimit = int.MaxValue,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
    });

    public void Dispose()
    {
        _bodyBytes.Dispose();
        _pixels.Dispose();
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
