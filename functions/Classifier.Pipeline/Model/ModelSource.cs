using Azure.Storage.Blobs;
using Classifier.Core.DefaultModel;
using Classifier.Core.Model;
using Microsoft.Extensions.Logging;

namespace Classifier.Pipeline.Model;

/// <summary>
/// Decides which model package the process serves, in this order: a local package folder
/// (Classifier__ModelFolder), the package at the root of the models container, and only when neither is
/// configured, the built-in default. A configured model that cannot be used is an error, never a silent
/// switch to the built-in one.
/// </summary>
public sealed class ModelSource(BlobServiceClient? storage, PipelineSettings settings, ILogger<ModelSource> logger)
{
    /// <summary>The published versions, or null when the process has no models container to read.</summary>
    public ModelVersionStore? Versions { get; } =
        storage is not null && settings.ModelContainer.Length > 0 ? new ModelVersionStore(storage.GetBlobContainerClient(settings.ModelContainer), logger) : null;

    public async Task<ModelPackage> ResolveAsync(CancellationToken cancellation)
    {
        if (settings.ModelFolder is { Length: > 0 } folder)
        {
            var local = ModelPackage.Load(folder, PackageSource.Folder);
            foreach (var warning in local.Warnings)
                logger.LogWarning("Model {Version}: {Warning}", local.Label, warning);
            logger.LogInformation("Using model {Name} {Version} from the folder {Folder}", local.Card.Name, local.Card.Version, local.Directory);
            return local;
        }
        if (Versions is not null && await Versions.LoadRootAsync(cancellation) is { } fromStorage)
            return fromStorage;
        // A published app carries the merged default (used as is); a build merges it on first use.
        var builtIn = DefaultModelPackage.Ensure();
        logger.LogInformation("No model configured; using the built-in default model {Name} {Version}", builtIn.Card.Name, builtIn.Card.Version);
        return builtIn;
    }

    /// <summary>Where downloaded packages go, one folder per download.</summary>
    public static string DownloadRoot => ModelVersionStore.DownloadRoot;

    /// <summary>Deletes a downloaded package that will not be used (it failed to load); the built-in one and local folders are left alone.</summary>
    public void Discard(ModelPackage package) => Versions?.Discard(package);
}
