using Classifier.Core.Inference;
using Classifier.Core.Model;
using Classifier.Pipeline.Model;

namespace Classifier.Pipeline.Deployment;

/// <summary>
/// Two versions loaded from the models container and scored on the same labelled images (<see cref="ModelComparison"/>),
/// then freed with their downloads: the comparison of `classifier compare` and of `classifier rollout promote`'s gate,
/// which run outside the app and so have neither version loaded.
/// </summary>
public static class StoredVersionComparison
{
    public static async Task<ComparisonReport> RunAsync(ModelVersionStore versions, ModelVersion live, ModelVersion candidate,
        IAsyncEnumerable<LabelledImage> images, CancellationToken cancellation)
    {
        // The candidate first: an unpublished one is the likelier mistake, and it fails before live is downloaded.
        var candidatePackage = await versions.LoadAsync(candidate, cancellation);
        ModelPackage? livePackage = null;
        try
        {
            livePackage = await versions.LoadAsync(live, cancellation);
            using var a = ImageClassifier.Load(livePackage);
            using var b = ImageClassifier.Load(candidatePackage);
            return await ModelComparison.RunAsync(a, b, images, cancellation);
        }
        finally
        {
            versions.Discard(candidatePackage);
            if (livePackage is not null)
                versions.Discard(livePackage);
        }
    }
}
