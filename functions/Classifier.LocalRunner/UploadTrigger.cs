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
    [FunctionName("ClassifyUpload")]
    public async Task RunAsync([BlobTrigger("uploads/{name}")] BlobClient upload, CancellationToken cancellation) =>
        await processor.ProcessAsync(upload, cancellation);
}
