using System.Buffers;
using System.Threading.RateLimiting;
using Classifier.Core.Memory;
using Classifier.Pipeline.Load;

namespace Classifier.Pipeline.Http;

/// <summary>
/// A request body in memory, in a buffer that grows as the bytes arrive (doubling from 64 KB) instead of
/// being allocated at the declared length up front: a client that declares 20 MB and sends 250 bytes a
/// second holds 64 KB, not 20 MB. Every growth first takes its bytes from the gate's body-byte budget.
/// Buffers up to 1 MB (the usual photo) come from the shared pool. Dispose gives back buffer and budget.
/// </summary>
public sealed class BodyBuffer : IDisposable
{
    private const int FirstBytes = 64 * 1024;
    private const int PooledBytes = 1024 * 1024;

    private readonly WorkGate _gate;
    private byte[] _array = [];
    private RateLimitLease? _lease;
    private bool _pooled;

    internal BodyBuffer(WorkGate gate) => _gate = gate;

    public int Length { get; private set; }

    /// <summary>The bytes read so far; valid until the buffer is disposed.</summary>
    public ReadOnlyMemory<byte> Memory => _array.AsMemory(0, Length);

    /// <summary>
    /// Reads the stream to its end, or until more than <paramref name="limit"/> bytes have come (then
    /// <see cref="Fill.TooLarge"/>, the rest left unread). <paramref name="declared"/> (Content-Length) caps the growth.
    /// </summary>
    internal async Task<Fill> FillAsync(Stream source, long limit, long? declared, CancellationToken cancellation)
    {
        var cap = (int)Math.Min(declared ?? limit + 1, limit + 1);
        while (true)
        {
            if (Length == Math.Min(_array.Length, cap))
            {
                if (Length == cap)
                    return declared is null || Length > limit ? Fill.TooLarge : Fill.Complete;
                if (!await GrowAsync(Math.Min(cap, Math.Max(FirstBytes, _array.Length * 2L)), cancellation))
                    return Fill.Busy;
            }
            var read = await source.ReadAsync(_array.AsMemory(Length, Math.Min(_array.Length, cap) - Length), cancellation);
            if (read == 0)
                return declared is { } length && Length < length ? Fill.EndedEarly : Fill.Complete;
            Length += read;
        }
    }

    private async Task<bool> GrowAsync(long size, CancellationToken cancellation)
    {
        var lease = await _gate.EnterAsync(WorkKind.BodyBytes, size, cancellation);
        if (!lease.IsAcquired)
        {
            lease.Dispose();
            return false;
        }
        var pooled = size <= PooledBytes;
        var array = pooled ? ArrayPool<byte>.Shared.Rent((int)size) : GC.AllocateUninitializedArray<byte>((int)size);
        if (!pooled)
            LargeArrays.Allocating(size);
        _array.AsSpan(0, Length).CopyTo(array);
        Release();
        (_array, _pooled, _lease) = (array, pooled, lease);
        return true;
    }

    private void Release()
    {
        if (_pooled)
            ArrayPool<byte>.Shared.Return(_array);
        _lease?.Dispose();
        (_array, _pooled, _lease) = ([], false, null);
    }

    public void Dispose()
    {
        Release();
        Length = 0;
    }

    internal enum Fill
    {
        Complete,
        TooLarge,
        EndedEarly,
        Busy,
    }
}
