using System.Collections.Concurrent;
using System.Diagnostics;
using Classifier.Core.Imaging;

namespace Classifier.Core.Inference;

/// <summary>
/// Coalesces concurrent requests into one session run. One worker thread runs the model; requests queue
/// their prepared image and await the result. When the worker takes a request it also takes whatever else
/// is already queued (up to the max batch) and, while other requests are still decoding, waits for them
/// up to the max wait. A lone request therefore never waits, and under load one run serves many requests
/// instead of many runs fighting over the same cores. A request that finds the batcher idle runs on its own
/// thread, without the hand-off.
/// </summary>
internal sealed class MicroBatcher : IDisposable
{
    private readonly Func<IReadOnlyList<RgbImage>, ModelRun> _run;
    private readonly int _maxBatch;
    private readonly long _maxWaitTicks;
    private readonly BlockingCollection<Pending> _queue = [];
    private readonly Thread _worker;
    /// <summary>Held while a session run goes on, by the worker or by a lone caller running inline.</summary>
    private readonly Lock _session = new();
    private int _preparing;

    public MicroBatcher(Func<IReadOnlyList<RgbImage>, ModelRun> run, int maxBatch, TimeSpan maxWait)
    {
        _run = run;
        _maxBatch = Math.Max(1, maxBatch);
        _maxWaitTicks = (long)(maxWait.TotalSeconds * Stopwatch.Frequency);
        _worker = new Thread(Work) { IsBackground = true, Name = "classifier micro-batcher" };
        _worker.Start();
    }

    /// <summary>Says a request is decoding and will queue soon, so a forming batch may wait for it.</summary>
    public void Preparing() => Interlocked.Increment(ref _preparing);

    /// <summary>A request that said it was preparing gave up (its image was rejected).</summary>
    public void Abandoned() => Interlocked.Decrement(ref _preparing);

    /// <summary>Queues a prepared image (after <see cref="Preparing"/>); completes with its scores and features.</summary>
    public Task<(float[] Scores, float[]? Features)> RunAsync(RgbImage prepared)
    {
        // Alone (nothing queued, nobody else decoding, no run going on): run on the caller's thread. Handing
        // the image to the worker and the result back costs two thread wake-ups, milliseconds on a busy machine.
        if (_queue.Count == 0 && Volatile.Read(ref _preparing) == 1 && _session.TryEnter())
        {
            try
            {
                Interlocked.Decrement(ref _preparing);
                var run = _run([prepared]);
                return Task.FromResult((run.Scores[0], run.Features?[0]));
            }
            catch (Exception e)
            {
                return Task.FromException<(float[], float[]?)>(e);
            }
            finally
            {
                _session.Exit();
            }
        }
        var pending = new Pending(prepared, new TaskCompletionSource<(float[], float[]?)>(TaskCreationOptions.RunContinuationsAsynchronously));
        _queue.Add(pending);
        Interlocked.Decrement(ref _preparing);
        return pending.Result.Task;
    }

    private void Work()
    {
        var batch = new List<Pending>(_maxBatch);
        foreach (var first in _queue.GetConsumingEnumerable())
        {
            batch.Add(first);
            var deadline = Stopwatch.GetTimestamp() + _maxWaitTicks;
            while (batch.Count < _maxBatch)
            {
                if (_queue.TryTake(out var next))
                {
                    batch.Add(next);
                    continue;
                }
                var left = deadline - Stopwatch.GetTimestamp();
                if (Volatile.Read(ref _preparing) <= 0 || left <= 0)
                    break;
                if (!_queue.TryTake(out next, TimeSpan.FromSeconds((double)left / Stopwatch.Frequency)))
                    break;
                batch.Add(next);
            }
            Execute(batch);
            batch.Clear();
        }
    }

    private void Execute(List<Pending> batch)
    {
        try
        {
            ModelRun run;
            lock (_session)
                run = _run(batch.Select(p => p.Image).ToList());
            for (var i = 0; i < batch.Count; i++)
                batch[i].Result.TrySetResult((run.Scores[i], run.Features?[i]));
        }
        catch (Exception e)
        {
            foreach (var pending in batch)
                pending.Result.TrySetException(e);
        }
    }

    public void Dispose()
    {
        _queue.CompleteAdding();
        _worker.Join();
        _queue.Dispose();
    }

    private sealed record Pending(RgbImage Image, TaskCompletionSource<(float[] Scores, float[]? Features)> Result);
}
