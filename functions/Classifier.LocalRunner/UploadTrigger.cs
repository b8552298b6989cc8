using Azure.Storage.Blobs;
using Classifier.Pipeline.Blobs;
using Microsoft.Azure.WebJobs;

namespace Classifier.LocalRunner;

/// <summary>
/// The runner's ClassifyUpload: the WebJobs SDK's blob trigger (scan, receipts, five tries, then the
/// webjobs-blobtrigger-poison queue) calling the same step as the Functions app.
/// </summary>
public sealed class UploadTrigger(UploadProcessor processor)
{
    /// <remarks>
    /// No cancellation token: one upload takes well under a second, and the host waits for it on shutdown.
    /// Cancelling it instead leaves its queue message invisible for minutes (measured: lost across a restart).
    /// </remarks>
    [FunctionName("ClassifyUpload")]
    public async Task RunAsync([BlobTrigger("uploads/{name}")] BlobClient upload) =>
        await processor.ProcessAsync(upload, CancellationToken.None);
}
