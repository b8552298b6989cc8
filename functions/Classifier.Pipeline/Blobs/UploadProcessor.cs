using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Classifier.Core.Inference;
using Classifier.Pipeline.Deployment;
using Classifier.Pipeline.Load;
using Classifier.Pipeline.Model;
using Classifier.Pipeline.Monitoring;
using Classifier.Pipeline.Storage;
using Microsoft.Extensions.Logging;

namespace Classifier.Pipeline.Blobs;

/// <summary>
/// The blob step behind both hosts' ClassifyUpload: read uploads/{name}, classify it, write
/// predictions/{name}.json in a single upload so a reader never sees a partial result.
/// <list type="bullet">
/// <item>Bytes that are not a usable image give a "rejected" result: retrying would not change them.</item>
/// <item>Anything else (no model, storage trouble) is thrown, so the host retries; after its
/// <see cref="HostTries"/> tries it moves the message to its poison queue, where <see cref="PoisonedUploads"/>
/// takes over: it waits out a model that cannot load and stores "failed" only after tries of its own.</item>
/// <item>The result is written only if none exists (If-None-Match: *): a retry or a second delivery
/// never rewrites a finished result.</item>
/// </list>
/// </summary>
public sealed class UploadProcessor(
    ClassifierHolder classifiers,
    PipelineSettings settings,
    WorkGate gate,
    PredictionRecorder recorder,
    DeploymentFollower deployment,
    ShadowComparisons shadows,
    TimeProvider clock,
    ILogger<UploadProcessor> logger)
{
    /// <summary>The host's tries per upload before its poison queue (host.json extensions.blobs.poisonBlobThreshold).</summary>
    public const int HostTries = 5;

    public const string FailedReason = "the image could not be classified after several tries; it has been set aside for an operator";

    /// <summary>Raised after each stored result; the runner's tests count runs with it.</summary>
    public event Action<UploadOutcome>? Processed;

    /// <summary>One delivery by the host's blob trigger. A failure is thrown: the host counts the tries, not this process.</summary>
    /// <param name="upload">The trigger's blob; its own client (and credentials) also reaches the predictions container.</param>
    public async Task<UploadOutcome?> ProcessAsync(BlobClient upload, CancellationToken cancellation)
    {
        try
        {
            return await ClassifyAndStoreAsync(upload, cancellation);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning("Upload {Name}: this try failed ({Reason}); the host will retry, then hand it to its poison queue", upload.Name, e.Message);
            throw;
        }
    }

    /// <summary>Classifies the upload and stores its result unless one exists. Throws on anything but bad image bytes.</summary>
    public async Task<UploadOutcome?> ClassifyAndStoreAsync(BlobClient upload, CancellationToken cancellation)
    {
        BlobProperties properties;
        try
        {
            properties = (await upload.GetPropertiesAsync(cancellationToken: cancellation)).Value;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            logger.LogInformation("Upload {Name} was deleted before it could be classified", upload.Name);
            return null;
        }

        // The blob name decides a canary's share, the same in every instance and on every retry.
        using var choice = await deployment.ChooseAsync(upload.Name, upload: true, cancellation);
        var classifier = choice.Answer.Classifier;
        ReadOnlyMemory<byte> image = default;
        var source = new ImageSource(upload.BlobContainerName, upload.Name, properties.ETag.ToString().Trim('"'), properties.ContentLength);
        Prediction prediction;
        if (properties.ContentLength > settings.Limits.MaxBytes)
        {
            // Too large to be worth downloading: say so from the size alone.
            prediction = Prediction.Rejected(classifier.Info,
                $"image too large: {properties.ContentLength / (1024.0 * 1024.0):0.#} MB (the limit is {settings.Limits.MaxBytes / (1024.0 * 1024.0):0.#} MB)");
        }
        else
        {
            // Read the very version whose properties were taken, so source.etag describes what was classified.
            var content = (await upload.DownloadContentAsync(
                new BlobDownloadOptions { Conditions = new BlobRequestConditions { IfMatch = properties.ETag } }, cancellation)).Value.Content.ToMemory();
            // Uploads share the process's pixel budget with the API; they wait as long as it takes.
            using var pixels = await gate.WaitAsync(WorkKind.Pixels, DecodeCost.Pixels(content.Span, settings.Limits, classifier.Card.DecodeOptions), cancellation);
            image = content;
            prediction = await ClassifyAsync(classifier, content, upload.Name);
        }

        var result = prediction with { Source = source, ProcessedAt = clock.GetUtcNow() };
        var stored = await StoreOnceAsync(upload, result, cancellation);
        var outcome = new UploadOutcome(upload.Name, result.Status, stored);
        if (stored)
        {
            await recorder.RecordStoredAsync(upload.Name, result, cancellation); // review queue and counters
            if (!image.IsEmpty && choice.TakeShadow() is { } shadow)
                shadows.Score(shadow, image, result, upload.Name);
            logger.LogInformation("Classified {Name}: {Status} {Label}", upload.Name, result.Status, result.Label ?? result.Error);
            Processed?.Invoke(outcome);
        }
        else
        {
            // A retry (the queue write failed after the store) or a second delivery (the sweeper, the host
            // after a restart, maybe days later) finds a result stored. Queue that one, not this run's: the
            // queue entry is filed under its result's processing day, so this run's later date would make a
            // second entry. The write is idempotent and keeps a review; the counters already have it.
            await recorder.EnsureQueuedAsync(upload.Name, await ReadStoredAsync(upload, cancellation), cancellation);
        }
        return outcome;
    }

    private static BlobClient ResultBlob(BlobClient upload) =>
        upload.GetParentBlobContainerClient().GetParentBlobServiceClient()
            .GetBlobContainerClient(Containers.Predictions).GetBlobClient(Containers.ResultName(upload.Name));

    private static async Task<Prediction> ReadStoredAsync(BlobClient upload, CancellationToken cancellation) =>
        Prediction.FromJson((await ResultBlob(upload).DownloadContentAsync(cancellation)).Value.Content.ToString());

    /// <summary>Writes the result only where none exists; false when an earlier run already wrote one (left as it is).</summary>
    private async Task<bool> StoreOnceAsync(BlobClient upload, Prediction result, CancellationToken cancellation)
    {
        try
        {
            await ResultBlob(upload).UploadAsync(
                BinaryData.FromString(result.ToJson()),
                new BlobUploadOptions
                {
                    HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" },
                    Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                },
                cancellation);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            logger.LogInformation("Upload {Name} already has a result; this run's is dropped", upload.Name);
            return false;
        }
    }

    /// <summary>Stores a "failed" result with a generic reason where none exists, so the client's poll ends; a storage failure here is logged, not thrown.</summary>
    public async Task StoreFailedAsync(BlobClient upload, CancellationToken cancellation)
    {
        try
        {
            // The record's live version is what answers now; without a record, the configured model if it ever loaded.
            var model = deployment.Current?.Live.Version is { } live ? new ModelInfo(live.Name, live.Version)
                : classifiers.IsLoaded ? (await classifiers.GetAsync(cancellation)).Info
                : new ModelInfo("unavailable", "");
            var failed = new Prediction
            {
                Status = PredictionStatus.Failed,
                Model = model,
                Error = FailedReason,
                Source = new ImageSource(upload.BlobContainerName, upload.Name, null, 0),
                ProcessedAt = clock.GetUtcNow(),
            };
            if (await StoreOnceAsync(upload, failed, cancellation))
                Processed?.Invoke(new UploadOutcome(upload.Name, PredictionStatus.Failed));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Upload {Name}: could not store its 'failed' result either", upload.Name);
        }
    }

    private async Task<Prediction> ClassifyAsync(ImageClassifier classifier, ReadOnlyMemory<byte> bytes, string name)
    {
        var prediction = await classifier.ClassifyOrRejectAsync(bytes, limits: settings.Limits);
        if (prediction.Status == PredictionStatus.Rejected)
            logger.LogInformation("Upload {Name} rejected: {Reason}", name, prediction.Error);
        return prediction;
    }
}
