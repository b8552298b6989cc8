using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Classifier.Pipeline.Model;
using Classifier.Pipeline.Storage;
using Microsoft.Extensions.Logging;

namespace Classifier.Pipeline.Blobs;

/// <summary>
/// The second stage of an upload's tries, behind a queue trigger on the host's poison queue in both hosts.
/// The host moves a blob-trigger message there after <see cref="UploadProcessor.HostTries"/> failed tries,
/// whatever failed. This step tries the upload again and decides what the tries meant:
/// <list type="bullet">
/// <item>Classified: the upload has its real result, however many tries it took.</item>
/// <item>The model cannot be loaded: not the upload's fault, so the try is not counted. The message goes back on
/// this queue, new (its dequeue count starts again), hidden until the model may load
/// (<see cref="ModelUnavailableException.RetryAfterSeconds"/>). Every upload of that window gets its real
/// result once the model loads, on whichever instance takes the message.</item>
/// <item>Anything else fails the try, counted by the host's dequeue count of this message (kept in storage, the
/// same on every instance). On the <see cref="MaxTries"/>th try a "failed" result is stored and the message moves
/// on to <see cref="SetAsideQueueName"/> for an operator.</item>
/// </list>
/// The step spaces the tries and sets the message aside itself: the host's queue trigger gives a queue whose name
/// ends in "-poison" no poison queue, and then neither releases a failed message (it stays hidden for the
/// listener's ten minutes) nor moves it on after maxDequeueCount (it would come back every ten minutes for ever).
/// </summary>
public sealed class PoisonedUploads(UploadProcessor processor, Func<BlobServiceClient> storage, Func<string, QueueClient> queues,
    UploadRetrySettings retry, ILogger<PoisonedUploads> logger)
{
    /// <summary>Where the host puts a blob-trigger message whose tries all failed (both trigger sources, both hosts).</summary>
    public const string QueueName = "webjobs-blobtrigger-poison";

    /// <summary>Where this step moves a message of <see cref="QueueName"/> whose tries here all failed.</summary>
    public const string SetAsideQueueName = QueueName + "-poison";

    /// <summary>Tries per message of this queue, by the host's dequeue count.</summary>
    public const int MaxTries = 5;

    private readonly Lazy<BlobServiceClient> _storage = new(storage);
    private readonly Lazy<QueueClient> _poisonQueue = new(() => queues(QueueName));
    private readonly Lazy<QueueClient> _setAside = new(() => queues(SetAsideQueueName));

    /// <summary>Raised when an upload's try is put off because the model is unavailable (the runner's tests watch it).</summary>
    public event Action<string>? Deferred;

    /// <summary>
    /// Raised when an upload's try fails for a reason that is not the model, with the host's count of that try
    /// (the runner's tests add these up across instances).
    /// </summary>
    public event Action<string, long>? TryFailed;

    /// <param name="message">The host's poison message, as it was delivered: JSON naming ContainerName and BlobName.</param>
    public async Task HandleAsync(PoisonMessage message, CancellationToken cancellation)
    {
        if (UploadName(message.Text) is not { } name)
        {
            logger.LogWarning("A message on {Queue} names no upload; dropped", QueueName);
            return;
        }
        var upload = _storage.Value.GetBlobContainerClient(Containers.Uploads).GetBlobClient(name);
        try
        {
            await processor.ClassifyAndStoreAsync(upload, cancellation);
        }
        catch (ModelUnavailableException e)
        {
            var delay = TimeSpan.FromSeconds(e.RetryAfterSeconds);
            // Sent before this one is deleted (by returning): a crash in between gives a second message, not none;
            // the result is written once either way (If-None-Match: *).
            await _poisonQueue.Value.SendMessageAsync(message.Text, visibilityTimeout: delay, cancellationToken: cancellation);
            logger.LogWarning("Upload {Name}: the model is unavailable ({Reason}); tried again in {Seconds:0} s, not counted as a failure", name, e.Message, delay.TotalSeconds);
            Deferred?.Invoke(name);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            TryFailed?.Invoke(name, message.DequeueCount);
            if (message.DequeueCount < MaxTries)
            {
                logger.LogWarning("Upload {Name}: try {Try} of {Tries} after the blob trigger's failed ({Reason}); next in {Seconds:0} s",
                    name, message.DequeueCount, MaxTries, e.Message, retry.RetryDelay.TotalSeconds);
                await HideUntilNextTryAsync(message, cancellation);
                throw;
            }
            logger.LogError(e, "Upload {Name}: the last try failed; storing a 'failed' result and setting the message aside on {Queue}", name, SetAsideQueueName);
            await processor.StoreFailedAsync(upload, cancellation);
            // Sent before the host deletes this one (the invocation ends well): a crash in between tries it once
            // more, which finds the result stored and sets it aside again.
            await _setAside.Value.CreateIfNotExistsAsync(cancellationToken: cancellation);
            await _setAside.Value.SendMessageAsync(message.Text, cancellation);
        }
    }

    /// <summary>
    /// The host leaves a failed message of this queue as it is (hidden for its listener's ten minutes): hide it for
    /// the retry delay instead. The invocation still fails, so the host does nothing more with it.
    /// </summary>
    private async Task HideUntilNextTryAsync(PoisonMessage message, CancellationToken cancellation)
    {
        if (message.Id is null || message.PopReceipt is null)
            return;
        try
        {
            await _poisonQueue.Value.UpdateMessageAsync(message.Id, message.PopReceipt, visibilityTimeout: retry.RetryDelay, cancellationToken: cancellation);
        }
        catch (RequestFailedException e)
        {
            logger.LogWarning("Could not set the next try of message {Id} ({Reason}); the host's hold of ten minutes stands", message.Id, e.Message);
        }
    }

    /// <summary>The upload a poison message names, or null when it names none or a blob outside uploads/.</summary>
    public static string? UploadName(string message)
    {
        try
        {
            using var document = JsonDocument.Parse(message);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return null;
            string? container = null, blob = null;
            foreach (var property in root.EnumerateObject())
            {
                if (property.Value.ValueKind != JsonValueKind.String)
                    continue;
                if (property.NameEquals("ContainerName"))
                    container = property.Value.GetString();
                else if (property.NameEquals("BlobName"))
                    blob = property.Value.GetString();
            }
            // The host wrote it, but only uploads/ is this step's (any name there, folders included).
            return container == Containers.Uploads && !string.IsNullOrEmpty(blob) ? blob : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
