using Azure.Storage.Blobs;
using Classifier.Pipeline.Blobs;
using Microsoft.Azure.Functions.Worker;

namespace Classifier.Functions;

/// <summary>
/// uploads/{name} -> predictions/{name}.json. Event Grid delivers the blob-created events: the only blob
/// trigger source on Flex Consumption. The function name is part of the Event Grid webhook URL (the Bicep
/// and the deploy hook use Host.Functions.ClassifyUpload): do not rename it.
/// </summary>
/// <remarks>
/// The shutdown token is not passed on: one upload takes well under a second, and finishing it beats a
/// cancelled run whose message stays invisible until its lease runs out (measured in the local runner).
/// </remarks>
public sealed class ClassifyUpload(UploadProcessor processor)
{
    [Function(nameof(ClassifyUpload))]
    public async Task Run(
        [BlobTrigger("uploads/{name}", Source = BlobTriggerSource.EventGrid, Connection = "AzureWebJobsStorage")] BlobClient upload) =>
        await processor.ProcessAsync(upload, CancellationToken.None);
}
