namespace Classifier.Pipeline.Http;

/// <summary>
/// Keeps finished request bodies from piling up. Each body over a megabyte is a new array on the large-object
/// heap, which the server GC collects only after hundreds of megabytes: 64 concurrent 20 MB bodies took the
/// runner to 1.0-1.2 GB although at most 16 of them (320 MB) were alive at once. After every
/// <see cref="Budget"/> of large bodies read, one full collection frees the finished ones. Bodies are plain
/// bytes, cheap to mark, and small bodies (the usual photo under a megabyte) never count.
/// </summary>
internal static class LargeBodies
{
    private const int Large = 1024 * 1024;
    private const long Budget = 64L * 1024 * 1024;
    private static long _sinceCollection;

    public static void Allocating(long length)
    {
        if (length < Large || Interlocked.Add(ref _sinceCollection, length) < Budget)
            return;
        Interlocked.Exchange(ref _sinceCollection, 0);
        // Blocking: a background collection leaves the freed space to be reused later and the peak barely moved (900 MB).
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true);
    }
}
