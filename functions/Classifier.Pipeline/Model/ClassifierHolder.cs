using Classifier.Core.Inference;
using Classifier.Core.Model;
using Classifier.Pipeline.Storage;
using Microsoft.Extensions.Logging;

namespace Classifier.Pipeline.Model;

/// <summary>
/// The one <see cref="ImageClassifier"/> (one ONNX Runtime session) of the process, loaded once on first
/// use or at start-up. A failed load is remembered for <see cref="PipelineSettings.ModelRetryInterval"/>
/// (a minute by default): until then callers get <see cref="ModelUnavailableException"/> at once, without
/// another download; after it the next caller tries again (say, once the user's model is fixed in storage).
/// </summary>
public sealed class ClassifierHolder(IClassifierLoader loader, PipelineSettings settings, TimeProvider clock, ILogger<ClassifierHolder> logger)
{
    private readonly Lock _gate = new();
    private readonly TimeSpan _retryInterval = settings.ModelRetryInterval;
    private Task<ImageClassifier>? _loading;
    private (DateTimeOffset At, string Reason)? _failure;

    /// <summary>The loaded classifier, or null while none is (for health checks that must not trigger a load).</summary>
    public bool IsLoaded => _loading is { IsCompletedSuccessfully: true };

    public async Task<ImageClassifier> GetAsync(CancellationToken cancellation = default)
    {
        Task<ImageClassifier> loading;
        lock (_gate)
        {
            if (_loading is null && _failure is { } failed && clock.GetUtcNow() - failed.At < _retryInterval)
                throw new ModelUnavailableException(failed.Reason, SecondsLeft(failed.At), inner: null);
            loading = _loading ??= Task.Run(() => loader.LoadAsync(CancellationToken.None), CancellationToken.None);
        }
        try
        {
            return await loading.WaitAsync(cancellation);
        }
        // A package that does not load, storage that fails or does not answer (StorageFaults), or none configured.
        catch (Exception e) when (e is ModelLoadException or StorageNotConfiguredException or UnauthorizedAccessException
                                      or Microsoft.ML.OnnxRuntime.OnnxRuntimeException || StorageFaults.Is(e))
        {
            var now = clock.GetUtcNow();
            lock (_gate)
            {
                if (_loading == loading)
                {
                    _loading = null;
                    _failure = (now, e.Message);
                    // A package's own fault is said in full by its message; a stack trace would only bury it.
                    if (e is ModelLoadException)
                        logger.LogError("The model could not be loaded: {Reason}; next try in {Seconds:0} s", e.Message, _retryInterval.TotalSeconds);
                    else
                        logger.LogError(e, "The model could not be loaded; next try in {Seconds:0} s", _retryInterval.TotalSeconds);
                }
            }
            throw new ModelUnavailableException(e.Message, SecondsLeft(now), e);
        }
    }

    private int SecondsLeft(DateTimeOffset failedAt) =>
        Math.Max(1, (int)Math.Ceiling((_retryInterval - (clock.GetUtcNow() - failedAt)).TotalSeconds));
}
