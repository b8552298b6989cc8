using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Classifier.Pipeline.Storage;

namespace Classifier.Pipeline.Blobs;

/// <summary>
/// The storage side of the HTTP API: storing uploads and looking up their results, through clients with a
/// short retry budget (<see cref="StorageAccount.RequestPathOptions()"/>). The clients are made on first use,
/// so a prediction never waits for them.
/// </summary>
public sealed class PredictionStore(Func<BlobClientOptions, BlobServiceClient> connect)
{
    private readonly Lazy<BlobServiceClient> _storage = new(() => connect(StorageAccount.RequestPathOptions()));
    private readonly Lazy<BlobServiceClient> _uploads = new(() => connect(StorageAccount.UploadPathOptions()));

    public BlobContainerClient Uploads => _storage.Value.GetBlobContainerClient(Containers.Uploads);
    public BlobContainerClient Predictions => _storage.Value.GetBlobContainerClient(Containers.Predictions);

    /// <summary>Stores a new upload within <see cref="StorageAccount.UploadDeadline"/>; over it, a <see cref="TimeoutException"/> (a storage fault: 503).</summary>
    public async Task StoreUploadAsync(string name, ReadOnlyMemory<byte> bytes, string contentType, CancellationToken cancellation)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        deadline.CancelAfter(StorageAccount.UploadDeadline(bytes.Length));
        try
        {
            await _uploads.Value.GetBlobContainerClient(Containers.Uploads).GetBlobClient(name).UploadAsync(
                BinaryData.FromBytes(bytes),
                new BlobUploadOptions
                {
                    HttpHeaders = new BlobHttpHeaders { ContentType = contentType },
                    Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All }, // a generated name never overwrites
                },
                deadline.Token);
        }
        catch (OperationCanceledException e) when (!cancellation.IsCancellationRequested)
        {
            throw new TimeoutException($"storage did not take the {bytes.Length}-byte upload in time", e);
        }
    }

    public async Task<PredictionState> LookUpAsync(string name, CancellationToken cancellation)
    {
        try
        {
            var result = await Predictions.GetBlobClient(Containers.ResultName(name)).DownloadContentAsync(cancellation);
            return new PredictionState.Done(result.Value.Content.ToString());
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // No result yet: pending if the upload is there, unknown otherwise.
        }
        return await Uploads.GetBlobClient(name).ExistsAsync(cancellation)
            ? new PredictionState.Pending()
            : new PredictionState.Unknown();
    }

    /// <summary>Creates the three containers where they are missing (Azurite; the Bicep creates them in Azure).</summary>
    public async Task EnsureContainersAsync(CancellationToken cancellation)
    {
        foreach (var name in new[] { Containers.Uploads, Containers.Predictions, Containers.Models })
            await _storage.Value.GetBlobContainerClient(name).CreateIfNotExistsAsync(cancellationToken: cancellation);
    }
}
