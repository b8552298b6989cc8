using Classifier.Core.Inference;

namespace Classifier.Pipeline.Model;

/// <summary>Loads the package <see cref="ModelSource"/> picks with the host's settings; disposes what it loaded with the host.</summary>
public sealed class ModelLoader(ModelSource source, PipelineSettings settings) : IClassifierLoader, IDisposable
{
    private readonly List<ImageClassifier> _loaded = [];

    public async Task<ImageClassifier> LoadAsync(CancellationToken cancellation)
    {
        var package = await source.ResolveAsync(cancellation);
        ImageClassifier classifier;
        try
        {
            classifier = ImageClassifier.Load(package, settings.Classifier);
        }
        catch
        {
            source.Discard(package); // a downloaded package that does not load leaves no temp folder behind
            throw;
        }
        lock (_loaded)
            _loaded.Add(classifier);
        return classifier;
    }

    public void Dispose()
    {
        lock (_loaded)
        {
            foreach (var classifier in _loaded)
                classifier.Dispose();
            _loaded.Clear();
        }
    }
}
