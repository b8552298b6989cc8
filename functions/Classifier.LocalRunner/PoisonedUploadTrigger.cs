using Azure.Storage.Queues.Models;
using Classifier.Pipeline.Blobs;
using Microsoft.Azure.WebJobs;

namespace Classifier.LocalRunner;

/// <summary>
/// The runner's RetryPoisonedUpload: the WebJobs SDK's queue trigger on the blob trigger's poison queue
/// (five tries by the message's dequeue count, then webjobs-blobtrigger-poison-poison), calling the same step
/// as the Functions app.
/// </summary>
public sealed class PoisonedUploadTrigger(PoisonedUploads poisoned)
{
    [FunctionName("RetryPoisonedUpload")]
    public async Task RunAsync([QueueTrigger(PoisonedUploads.QueueName)] QueueMessage message) =>
        await poisoned.HandleAsync(message.MessageText, message.DequeueCount, CancellationToken.None);
}
