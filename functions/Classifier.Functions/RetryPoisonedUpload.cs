using System.Globalization;
using Classifier.Pipeline.Blobs;
using Microsoft.Azure.Functions.Worker;

namespace Classifier.Functions;

/// <summary>
/// webjobs-blobtrigger-poison -> one more try of the upload (<see cref="PoisonedUploads"/>): a model that
/// could not load is waited out, other failures end in a "failed" result after the host's own count of tries.
/// The queue trigger runs wherever the host runs it: the count is the message's, kept in storage.
/// </summary>
public sealed class RetryPoisonedUpload(PoisonedUploads poisoned)
{
    [Function(nameof(RetryPoisonedUpload))]
    public async Task Run([QueueTrigger(PoisonedUploads.QueueName, Connection = "AzureWebJobsStorage")] string message, FunctionContext context) =>
        await poisoned.HandleAsync(new PoisonMessage(message, DequeueCount(context), Text(context, "Id"), Text(context, "PopReceipt")), CancellationToken.None);

    /// <summary>The host's DequeueCount from the trigger's binding data (a number, or its text); 1 when missing.</summary>
    private static long DequeueCount(FunctionContext context) =>
        long.TryParse(Text(context, "DequeueCount"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var count) ? count : 1;

    private static string? Text(FunctionContext context, string name) =>
        context.BindingContext.BindingData.TryGetValue(name, out var value) && value is not null
            ? Convert.ToString(value, CultureInfo.InvariantCulture)
            : null;
}
