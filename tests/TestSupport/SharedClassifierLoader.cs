using Classifier.Core.Inference;
using Classifier.Pipeline;
using Classifier.Pipeline.Model;

namespace TestSupport;

/// <summary>
/// Hands a host a classifier the test run loaded once, instead of the host loading its own: many hosts, one
/// ONNX session. A host whose MinConfidence setting differs from the shared classifier's gets its own over
/// the same package, as production would load it.
/// </summary>
public sealed class SharedClassifierLoader(ImageClassifier shared, PipelineSettings settings) : IClassifierLoader, IDisposable
{
    private readonly Lazy<ImageClassifier> _own = new(() =>
        ImageClassifier.Load(shared.Package, settings.Classifier with { IntraOpThreads = 2 }));

    public Task<ImageClassifier> LoadAsync(CancellationToken cancellation) =>
        Task.FromResult(settings.Classifier.MinConfidence is { } threshold && threshold != shared.MinConfidence ? _own.Value : shared);

    public void Dispose()
    {
        if (_own.IsValueCreated)
            _own.Value.Dispose();
    }
}
