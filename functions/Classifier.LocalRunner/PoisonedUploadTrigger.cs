using Azure.Storage.Queues.Models;
using Classifier.Pipeline.Blobs;
using Microsoft.Azure.WebJobs;

namespace Classifier.LocalRunner;

/// <summary>
/// The runner's RetryPoisonedUpload: the WebJobs SDK's queue trigger on the blob trigger's poison queue, calling
/// the same step as the Functions app (five tries by the message's dequeue count, then webjobs-blobtrigger-poison-poison).
/// </summary>
public sealed class PoisonedUploadTrigger(PoisonedUploads poisoned)
{
    [FunctionName("RetryPoisonedUpload")]
    public async Task RunAsync([QueueTrigger(PoisonedUploads.QueueName)] QueueMessage message) =>
        await poisoned.HandleAsync(new PoisonMessage(message.MessageText, message.DequeueCount, message.MessageId, message.PopReceipt), CancellationToken.None);
}
