using Azure;
using Azure.Storage.Blobs;
using Classifier.Core.DefaultModel;
using Classifier.Core.Model;
using Microsoft.Extensions.Logging;

namespace Classifier.Pipeline.Model;

/// <summary>
/// Decides which model package the process serves: the user's model.onnx + model.json from the models
/// container when both exist, else the built-in default.
/// </summary>
public sealed class ModelSource(BlobServiceClient? storage, PipelineSettings settings, ILogger<ModelSource> logger)
{
    public async Task<ModelPackage> ResolveAsync(CancellationToken cancellation)
    {
        if (storage is not null && settings.ModelContainer.Length > 0)
        {
            var fromStorage = await DownloadAsync(storage.GetBlobContainerClient(settings.ModelContainer), cancellation);
            if (fromStorage is not null)
                return fromStorage;
        }
        // A published app carries the merged default (used as is); a build merges it on first use.
        var builtIn = DefaultModelPackage.Ensure();
        logger.LogInformation("Using the built-in default model {Name} {Version}", builtIn.Card.Name, builtIn.Card.Version);
        return builtIn;
    }

    /// <summary>Where downloaded packages go, one folder per download.</summary>
    public static string DownloadRoot { get; } = Path.Combine(Path.GetTempPath(), "classifier-models");

    /// <summary>Deletes a downloaded package that will not be used (it failed to load); the built-in one is left alone.</summary>
    public void Discard(ModelPackage package)
    {
        var folder = Path.GetFullPath(package.Directory);
        if (folder.StartsWith(Path.GetFullPath(DownloadRoot) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            DeleteFolder(folder);
    }

    private void DeleteFolder(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning("Could not delete the model download {Folder}: {Reason}", folder, e.Message);
        }
    }

    private async Task<ModelPackage?> DownloadAsync(BlobContainerClient container, CancellationToken cancellation)
    {
        var onnx = container.GetBlobClient(ModelPackage.OnnxFileName);
        var card = container.GetBlobClient(ModelPackage.CardFileName);
        try
        {
            if (!await onnx.ExistsAsync(cancellation) || !await card.ExistsAsync(cancellation))
            {
                logger.LogInformation("No model.onnx + model.json in container '{Container}'; using the default model", container.Name);
                return null;
            }
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null; // the container itself does not exist
        }

        var directory = Path.Combine(DownloadRoot, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        ModelPackage package;
        try
        {
            await onnx.DownloadToAsync(Path.Combine(directory, ModelPackage.OnnxFileName), cancellation);
            await card.DownloadToAsync(Path.Combine(directory, ModelPackage.CardFileName), cancellation);
            // The int8 twin from `classifier quantize` is optional; served when Classifier__Precision is int8.
            var int8 = container.GetBlobClient(ModelPackage.Int8OnnxFileName);
            if (await int8.ExistsAsync(cancellation))
                await int8.DownloadToAsync(Path.Combine(directory, ModelPackage.Int8OnnxFileName), cancellation);
            package = ModelPackage.Load(directory);
            // The out-of-domain statistics the card names travel beside it; a missing one fails the load, naming the field.
            if (package.Card.OutOfDomain?.Statistics is { } statistics && !statistics.Contains('/') && !statistics.Contains('\\')
                && await container.GetBlobClient(statistics).ExistsAsync(cancellation))
                await container.GetBlobClient(statistics).DownloadToAsync(Path.Combine(directory, statistics), cancellation);
        }
        catch
        {
            DeleteFolder(directory);
            throw;
        }
        logger.LogInformation("Using model {Name} {Version} from container '{Container}'", package.Card.Name, package.Card.Version, container.Name);
        return package;
    }
}
