using Classifier.Core.Inference;
using Classifier.Core.Model;
using Microsoft.Extensions.Logging;

namespace Classifier.Pipeline.Model;

/// <summary>
/// The one <see cref="ImageClassifier"/> (one ONNX Runtime session) of the process, loaded once on first
/// use or at start-up. A failed load is remembered for <see cref="PipelineSettings.ModelRetryInterval"/>
/// (a minute by default): until then callers get <see cref="ModelUnavailableException"/> at once, without
/// another download; after it the next caller tries again (say, once the user's model is fixed in storage).
/// </summary>
public sealed class ClassifierHolder : IDisposable
{
    private readonly Func<CancellationToken, Task<ImageClassifier>> _load;
    private readonly bool _owned;
    private readonly Lock _gate = new();
    private readonly ILogger<ClassifierHolder> _logger;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _retryInterval;
    private Task<ImageClassifier>? _loading;
    private (DateTimeOffset At, string Reason)? _failure;

    public ClassifierHolder(ModelSource source, PipelineSettings settings, TimeProvider clock, ILogger<ClassifierHolder> logger)
    {
        _logger = logger;
        _clock = clock;
        _retryInterval = settings.ModelRetryInterval;
        _owned = true;
        _load = async cancellation =>
        {
            var package = await source.ResolveAsync(cancellation);
            try
            {
                return ImageClassifier.Load(package, settings.Classifier);
            }
            catch
            {
                source.Discard(package); // a downloaded package that does not load leaves no temp folder behind
                throw;
            }
        };
    }

    /// <summary>Wraps a classifier loaded elsewhere (tests share one between several hosts); not disposed here.</summary>
    public ClassifierHolder(ImageClassifier loaded, ILogger<ClassifierHolder> logger)
    {
        _logger = logger;
        _clock = TimeProvider.System;
        _owned = false;
        _loading = Task.FromResult(loaded);
        _load = _ => Task.FromResult(loaded);
    }

    /// <summary>The loaded classifier, or null while none is (for health checks that must not trigger a load).</summary>
    public bool IsLoaded => _loading is { IsCompletedSuccessfully: true };

    public async Task<ImageClassifier> GetAsync(CancellationToken cancellation = default)
    {
        Task<ImageClassifier> loading;
        lock (_gate)
        {
            if (_loading is null && _failure is { } failed && _clock.GetUtcNow() - failed.At < _retryInterval)
                throw new ModelUnavailableException(failed.Reason, SecondsLeft(failed.At), inner: null);
            loading = _loading ??= Task.Run(() => _load(CancellationToken.None), CancellationToken.None);
        }
        try
        {
            return await loading.WaitAsync(cancellation);
        }
        // Storage that does not answer ends in an AggregateException of the SDK's retries.
        catch (Exception e) when (e is ModelLoadException or Azure.RequestFailedException or AggregateException or IOException or InvalidOperationException
                                      or UnauthorizedAccessException or Microsoft.ML.OnnxRuntime.OnnxRuntimeException)
        {
            var now = _clock.GetUtcNow();
            lock (_gate)
            {
                if (_loading == loading)
                {
                    _loading = null;
                    _failure = (now, e.Message);
                    _logger.LogError(e, "The model could not be loaded; next try in {Seconds:0} s", _retryInterval.TotalSeconds);
                }
            }
            throw new ModelUnavailableException(e.Message, SecondsLeft(now), e);
        }
    }

    private int SecondsLeft(DateTimeOffset failedAt) =>
        Math.Max(1, (int)Math.Ceiling((_retryInterval - (_clock.GetUtcNow() - failedAt)).TotalSeconds));

    public void Dispose()
    {
        if (_owned && _loading is { IsCompletedSuccessfully: true } loaded)
            loaded.Result.Dispose();
    }
}

/// <summary>No model to classify with: 503 with Retry-After; the reason (which may name paths) goes to the log only.</summary>
public sealed class ModelUnavailableException(string reason, int retryAfterSeconds, Exception? inner) : Exception(reason, inner)
{
    public int RetryAfterSeconds { get; } = retryAfterSeconds;
}
