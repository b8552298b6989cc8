namespace Classifier.Core.Memory;

/// <summary>
/// Keeps finished large arrays (request bodies, decoded images) from piling up. Each array over a megabyte
/// lives on the large-object heap, which the server GC collects only after hundreds of megabytes: 64
/// concurrent 20 MB bodies took the runner to 1.0-1.2 GB although at most 16 of them (320 MB) were alive at
/// once, and 24 pixel bombs decoded one after the other (120 MB each) grew it by 700 MB. After every
/// <see cref="Budget"/> of large arrays allocated, one full collection frees the finished ones first. They
/// hold plain bytes, cheap to mark, and small arrays (the usual photo's body and decode) never count.
/// </summary>
public static class LargeArrays
{
    private const int Large = 1024 * 1024;
    private const long Budget = 64L * 1024 * 1024;
    private static long _sinceCollection;

    /// <summary>Call before allocating <paramref name="length"/> bytes that will be dropped soon.</summary>
    public static void Allocating(long length)
    {
        if (length < Large || Interlocked.Add(ref _sinceCollection, length) < Budget)
            return;
        Interlocked.Exchange(ref _sinceCollection, 0);
        // Blocking: a background collection leaves the freed space to be reused later and the peak barely moved (900 MB).
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true);
    }
}
