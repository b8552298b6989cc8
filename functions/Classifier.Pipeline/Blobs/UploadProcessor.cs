using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Classifier.Core.Imaging;
using Classifier.Core.Inference;
using Classifier.Pipeline.Model;
using Classifier.Pipeline.Monitoring;
using Classifier.Pipeline.Storage;
using Microsoft.Extensions.Logging;

namespace Classifier.Pipeline.Blobs;

/// <summary>What one run of the blob step did: the upload's name and the result's status.</summary>
public sealed record UploadOutcome(string Name, PredictionStatus Status);

/// <summary>
/// The blob step behind both hosts' ClassifyUpload: read uploads/{name}, classify it, write
/// predictions/{name}.json in a single upload so a reader never sees a partial result. Bytes that are not
/// a usable image give a "rejected" result (retrying would not change them); storage failures are thrown
/// so the host retries and finally moves the message to the poison queue.
/// </summary>
public sealed class UploadProcessor(ClassifierHolder classifiers, PipelineSettings settings, PredictionRecorder recorder, ILogger<UploadProcessor> logger)
{
    /// <summary>Raised after each stored result; the runner's tests count runs with it.</summary>
    public event Action<UploadOutcome>? Processed;

    /// <param name="upload">The trigger's blob; its own client (and credentials) also reaches the predictions container.</param>
    public async Task<UploadOutcome?> ProcessAsync(BlobClient upload, CancellationToken cancellation)
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

        var classifier = await classifiers.GetAsync(cancellation);
        var source = new BlobSource(upload.BlobContainerName, upload.Name, properties.ETag.ToString().Trim('"'), properties.ContentLength);
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
            var content = await upload.DownloadContentAsync(
                new BlobDownloadOptions { Conditions = new BlobRequestConditions { IfMatch = properties.ETag } }, cancellation);
            prediction = await ClassifyAsync(classifier, content.Value.Content.ToMemory(), upload.Name);
        }

        var result = prediction with { Source = source, ProcessedAt = DateTimeOffset.UtcNow };
        var results = upload.GetParentBlobContainerClient().GetParentBlobServiceClient().GetBlobContainerClient(Containers.Predictions);
        await results.GetBlobClient(Containers.ResultName(upload.Name)).UploadAsync(
            BinaryData.FromString(result.ToJson()),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" } },
            cancellation);
        await recorder.RecordStoredAsync(upload.Name, result, cancellation); // review queue and counters

        var outcome = new UploadOutcome(upload.Name, result.Status);
        logger.LogInformation("Classified {Name}: {Status} {Label}", upload.Name, result.Status, result.Label ?? result.Error);
        Processed?.Invoke(outcome);
        return outcome;
    }

    private async Task<Prediction> ClassifyAsync(ImageClassifier classifier, ReadOnlyMemory<byte> bytes, string name)
    {
        try
        {
            return await classifier.ClassifyAsync(bytes);
        }
        catch (ImageRejectedException e)
        {
            logger.LogInformation("Upload {Name} rejected: {Reason}", name, e.Message);
            return Prediction.Rejected(classifier.Info, e.Message);
        }
    }
}
