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

    public readonly struct Scope(bool alone) : IDisposable
    {
        public bool Alone { get; } = alone;

        public void Dispose() => Interlocked.Decrement(ref _inFlight);
    }
}
