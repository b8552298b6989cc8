using System.Collections.Concurrent;
using Classifier.Core.Inference;
using Classifier.Core.Model;
using Classifier.Pipeline.Deployment;
using Classifier.Pipeline.Model;
using Classifier.Pipeline.Storage;
using Microsoft.Extensions.Logging;

namespace Classifier.Pipeline.Review;

/// <summary>
/// The labels of the model version that answered an upload: what a reviewer may label its queued item with.
/// A candidate may have other labels than live, so the review page and the label check ask for the item's
/// own version: loaded here, else its card from the published versions (kept, since versions never change),
/// else, when it is found nowhere, the labels of the live version.
/// </summary>
public sealed class VersionLabels(DeploymentFollower deployment, ModelSource source, ILogger<VersionLabels> logger)
{
    private readonly ConcurrentDictionary<ModelVersion, IReadOnlyList<string>> _published = new();

    public async Task<IReadOnlyList<string>> OfAsync(ModelInfo model, CancellationToken cancellation)
    {
        var version = new ModelVersion(model.Name, model.Version);
        if (deployment.LoadedCard(version) is { } loaded)
            return loaded.Labels;
        if (_published.TryGetValue(version, out var known))
            return known;
        if (await PublishedCardAsync(version, cancellation) is { } card)
            return _published.GetOrAdd(version, card.Labels);
        using var live = await deployment.LiveAsync(cancellation);
        return live.Classifier.Card.Labels;
    }

    private async Task<ModelCard?> PublishedCardAsync(ModelVersion version, CancellationToken cancellation)
    {
        if (source.Versions is not { } versions)
            return null;
        try
        {
            return await versions.CardAsync(version, cancellation);
        }
        catch (Exception e) when (e is ModelLoadException || StorageFaults.Is(e))
        {
            logger.LogWarning("The card of {Version} cannot be read ({Reason}); its items are offered the live model's labels", version, e.Message);
            return null;
        }
    }
}
