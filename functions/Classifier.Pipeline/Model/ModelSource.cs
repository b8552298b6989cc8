using System.Security.Cryptography;
using Azure;
using Azure.Storage.Blobs;
using Classifier.Core.DefaultModel;
using Classifier.Core.Model;
using Microsoft.Extensions.Logging;

namespace Classifier.Pipeline.Model;

/// <summary>
/// Decides which model package the process serves, in this order: the user's model.onnx + model.json
/// from the models container (when both exist), the ready default package a publish put next to the
/// app, else the built-in default merged on first use.
/// </summary>
public sealed class ModelSource(BlobServiceClient? storage, PipelineSettings settings, ILogger<ModelSource> logger)
{
    /// <summary>Where publish writes the ready default package (and where the build copies its head and card).</summary>
    public static string PublishedDirectory => DefaultModelPackage.SourceDirectory;

    public async Task<ModelPackage> ResolveAsync(CancellationToken cancellation)
    {
        if (storage is not null && settings.ModelContainer.Length > 0)
        {
            var fromStorage = await DownloadAsync(storage.GetBlobContainerClient(settings.ModelContainer), cancellation);
            if (fromStorage is not null)
                return fromStorage;
        }
        if (ReadyPackage(PublishedDirectory) is { } published)
        {
            logger.LogInformation("Using the published default model {Name} {Version}", published.Card.Name, published.Card.Version);
            return published;
        }
        var merged = DefaultModelPackage.Ensure();
        logger.LogInformation("Using the built-in default model {Name} {Version}", merged.Card.Name, merged.Card.Version);
        return merged;
    }

    /// <summary>
    /// A folder with model.onnx already merged for the head beside it (its .sha256 stamp matches head.json),
    /// used as is: a deployed app's folder is read-only and has no backbone parts to merge from.
    /// </summary>
    public static ModelPackage? ReadyPackage(string directory)
    {
        var onnx = Path.Combine(directory, ModelPackage.OnnxFileName);
        var card = Path.Combine(directory, ModelPackage.CardFileName);
        var stamp = onnx + ".sha256";
        var head = Path.Combine(directory, "head.json");
        if (!File.Exists(onnx) || !File.Exists(card) || !File.Exists(stamp))
            return null;
        // A stale merge (the head changed since) must be rebuilt, not served.
        if (File.Exists(head) && File.ReadAllText(stamp).Trim() != Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(head))))
            return null;
        return ModelPackage.Load(directory);
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

        var directory = Path.Combine(Path.GetTempPath(), "classifier-models", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        await onnx.DownloadToAsync(Path.Combine(directory, ModelPackage.OnnxFileName), cancellation);
        await card.DownloadToAsync(Path.Combine(directory, ModelPackage.CardFileName), cancellation);
        var package = ModelPackage.Load(directory);
        logger.LogInformation("Using model {Name} {Version} from container '{Container}'", package.Card.Name, package.Card.Version, container.Name);
        return package;
    }
}
