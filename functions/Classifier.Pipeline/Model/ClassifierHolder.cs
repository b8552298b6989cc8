using Classifier.Core.Inference;
using Classifier.Core.Model;
using Microsoft.Extensions.Logging;

namespace Classifier.Pipeline.Model;

/// <summary>
/// The one <see cref="ImageClassifier"/> (one ONNX Runtime session) of the process, loaded once on first
/// use or at start-up. A failed load is not cached: the next request tries again (say, once the user's
/// model has been fixed in storage), and until then callers get <see cref="ModelUnavailableException"/>.
/// </summary>
public sealed class ClassifierHolder : IDisposable
{
    private readonly Func<CancellationToken, Task<ImageClassifier>> _load;
    private readonly bool _owned;
    private readonly Lock _gate = new();
    private readonly ILogger<ClassifierHolder> _logger;
    private Task<ImageClassifier>? _loading;

    public ClassifierHolder(ModelSource source, PipelineSettings settings, ILogger<ClassifierHolder> logger)
    {
        _logger = logger;
        _owned = true;
        _load = async cancellation =>
        {
            var package = await source.ResolveAsync(cancellation);
            return ImageClassifier.Load(package, settings.Classifier);
        };
    }

    /// <summary>Wraps a classifier loaded elsewhere (tests share one between several hosts); not disposed here.</summary>
    public ClassifierHolder(ImageClassifier loaded, ILogger<ClassifierHolder> logger)
    {
        _logger = logger;
        _owned = false;
        _loading = Task.FromResult(loaded);
        _load = _ => Task.FromResult(loaded);
    }

    public async Task<ImageClassifier> GetAsync(CancellationToken cancellation = default)
    {
        Task<ImageClassifier> loading;
        lock (_gate)
            loading = _loading ??= Task.Run(() => _load(CancellationToken.None), CancellationToken.None);
        try
        {
            return await loading.WaitAsync(cancellation);
        }
        // Storage that does not answer ends in an AggregateException of the SDK's retries.
        catch (Exception e) when (e is ModelLoadException or Azure.RequestFailedException or AggregateException or IOException or InvalidOperationException)
        {
            lock (_gate)
            {
                if (_loading == loading)
                    _loading = null;
            }
            _logger.LogError(e, "The model could not be loaded");
            throw new ModelUnavailableException(e.Message, e);
        }
    }

    public void Dispose()
    {
        if (_owned && _loading is { IsCompletedSuccessfully: true } loaded)
            loaded.Result.Dispose();
    }
}

/// <summary>No model to classify with: reported as 503 with the reason.</summary>
public sealed class ModelUnavailableException(string reason, Exception inner) : Exception(reason, inner);
