using Azure;
using Azure.Storage.Blobs;
using Classifier.Pipeline.Review;
using Classifier.Pipeline.Storage;

namespace Classifier.Pipeline.Deployment;

/// <summary>The reviewed production images, read as export-reviews reads them: the review table's labels, the bytes from uploads/.</summary>
public static class ReviewedImages
{
    public static async IAsyncEnumerable<LabelledImage> ReadAsync(ReviewQueue queue, BlobServiceClient storage,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellation)
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
                continue; // expired from uploads/: nothing to score
            }
            yield return new LabelledImage(item.Name, label, bytes);
        }
    }
}
