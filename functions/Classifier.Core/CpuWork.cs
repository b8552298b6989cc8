namespace Classifier.Core;

/// <summary>
/// The CPU-heavy work in flight in this process (image decodes and inference runs), so that a decode can tell
/// whether a core is free to lend it: with nothing else running, a big JPEG decodes on two cores
/// (<see cref="Imaging.TwoPartDecode"/>); on a busy instance every core already has work of its own.
/// </summary>
internal static class CpuWork
{
    private static int _inFlight;

    /// <summary>Counts a piece of work until disposed; <see cref="Scope.Alone"/> says whether nothing else was running.</summary>
    public static Scope Enter() => new(Interlocked.Increment(ref _inFlight) == 1);

    /// <summary>
    /// Runs <paramref name="rows"/> over [0, count): in two halves on two cores when <paramref name="twoCores"/>,
    /// the lower half on a pool thread, which has ended (whatever happened) before this returns or throws.
    /// </summary>
    public static void ForRows(int count, bool twoCores, Action<int, int> rows)
    {
        if (!twoCores || count < 2)
        {
            rows(0, count);
            return;
        }
        var half = count / 2;
        var lower = Task.Run(() => rows(half, count));
        try
        {
            rows(0, half);
        }
        catch
        {
            lower.ContinueWith(static _ => { }, TaskScheduler.Default).Wait(); // the lower half ends first; this error is the one thrown
            throw;
        }
        lower.GetAwaiter().GetResult(); // its exception, if any, as thrown
    }

    public readonly struct Scope(bool alone) : IDisposable
    {
        public bool Alone { get; } = alone;

        public void Dispose() => Interlocked.Decrement(ref _inFlight);
    }
}
