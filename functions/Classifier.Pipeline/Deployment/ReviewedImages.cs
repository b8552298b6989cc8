using Azure;
using Azure.Storage.Blobs;
using Classifier.Pipeline.Review;
using Classifier.Pipeline.Storage;

namespace Classifier.Pipeline.Deployment;

/// <summary>The reviewed production images, the one reader behind export-reviews and the rollout gate: the review table's labels, the bytes from uploads/.</summary>
public static class ReviewedImages
{
    /// <param name="missing">Told the name of each reviewed upload no longer in uploads/ (expired or deleted), which is skipped.</param>
    public static async IAsyncEnumerable<LabelledImage> ReadAsync(ReviewQueue queue, BlobServiceClient storage,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellation, Action<string>? missing = null)
    {
        var uploads = storage.GetBlobContainerClient(Containers.Uploads);
        await foreach (var item in queue.ReviewedAsync(cancellation))
        {
            if (item.ReviewedLabel is not { Length: > 0 } label)
                continue;
            byte[] bytes;
            try
            {
                bytes = (await uploads.GetBlobClient(item.Name).DownloadContentAsync(cancellation)).Value.Content.ToArray();
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                missing?.Invoke(item.Name);
                continue;
            }
            yield return new LabelledImage(item.Name, label, bytes);
        }
    }
}
