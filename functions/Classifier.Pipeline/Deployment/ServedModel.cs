using Classifier.Core.Inference;
using Classifier.Pipeline.Model;

namespace Classifier.Pipeline.Deployment;

/// <summary>
/// One loaded version, counted while requests use it: a version dropped from the record is disposed only
/// when the last request that started on it has finished, so in-flight work ends on the version it began with.
/// </summary>
public sealed class ServedModel(ModelVersion version, ImageClassifier classifier, bool owned, Action<ServedModel>? onDisposed = null)
{
    private readonly Lock _gate = new();
    private int _users;
    private bool _retired, _disposed;

    public ModelVersion Version { get; } = version;
    public ImageClassifier Classifier { get; } = classifier;

    /// <summary>A use of the model until disposed; null once it has been retired and freed (read the record again).</summary>
    public Use? TryUse()
    {
        lock (_gate)
        {
            if (_disposed)
                return null;
            _users++;
            return new Use(this);
        }
    }

    /// <summary>No new request picks this model; it is freed once its last user is done.</summary>
    public void Retire()
    {
        lock (_gate)
        {
            _retired = true;
            FreeIfUnused();
        }
    }

    private void Release()
    {
        lock (_gate)
        {
            _users--;
            FreeIfUnused();
        }
    }

    private void FreeIfUnused()
    {
        if (!_retired || _users > 0 || _disposed)
            return;
        _disposed = true;
        if (owned)
            Classifier.Dispose();
        onDisposed?.Invoke(this);
    }

    /// <summary>One request's hold on the model.</summary>
    public sealed class Use(ServedModel model) : IDisposable
    {
        private int _released;

        public ServedModel Model { get; } = model;
        public ImageClassifier Classifier => Model.Classifier;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
                Model.Release();
        }
    }
}
