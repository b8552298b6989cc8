using System.Text.Json;
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
/// <item>Anything else is thrown, so the host retries; the host's own count of this message
/// (its dequeue count, kept in storage, the same on every instance) ends it: on the <see cref="MaxTries"/>th
/// try a "failed" result is stored and the message moves on to <see cref="SetAsideQueueName"/> for an operator.</item>
/// </list>
/// </summary>
public sealed class PoisonedUploads(UploadProcessor processor, Func<BlobServiceClient> storage, Func<QueueClient> poisonQueue, ILogger<PoisonedUploads> logger)
{
    /// <summary>Where the host puts a blob-trigger message whose tries all failed (both trigger sources, both hosts).</summary>
    public const string QueueName = "webjobs-blobtrigger-poison";

    /// <summary>Where the host moves a message of <see cref="QueueName"/> whose tries here all failed.</summary>
    public const string SetAsideQueueName = QueueName + "-poison";

    /// <summary>The host's tries per message of this queue (host.json extensions.queues.maxDequeueCount).</summary>
    public const int MaxTries = 5;

    private readonly Lazy<BlobServiceClient> _storage = new(storage);
    private readonly Lazy<QueueClient> _poisonQueue = new(poisonQueue);

    /// <summary>Raised when an upload's try is put off because the model is unavailable (the runner's tests watch it).</summary>
    public event Action<string>? Deferred;

    /// <param name="message">The host's poison message: JSON naming ContainerName and BlobName.</param>
    /// <param name="dequeueCount">The host's count of deliveries of this message, this one included.</param>
    public async Task HandleAsync(string message, long dequeueCount, CancellationToken cancellation)
    {
        if (UploadName(message) is not { } name)
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
            await _poisonQueue.Value.SendMessageAsync(message, visibilityTimeout: delay, cancellationToken: cancellation);
            logger.LogWarning("Upload {Name}: the model is unavailable ({Reason}); tried again in {Seconds:0} s, not counted as a failure", name, e.Message, delay.TotalSeconds);
            Deferred?.Invoke(name);
        }
        catch (Exception e) when (e is not OperationCanceledException && dequeueCount < MaxTries)
        {
            logger.LogWarning("Upload {Name}: try {Try} of {Tries} after the blob trigger's failed ({Reason})", name, dequeueCount, MaxTries, e.Message);
            throw;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Upload {Name}: the last try failed; storing a 'failed' result and setting the message aside on {Queue}", name, SetAsideQueueName);
            await processor.StoreFailedAsync(upload, cancellation);
            throw;
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
