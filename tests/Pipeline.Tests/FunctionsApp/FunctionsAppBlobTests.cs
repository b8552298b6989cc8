using Azure.Storage.Blobs.Models;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Classifier.Core.Inference;
using Classifier.Core.Model;
using Classifier.Pipeline.Blobs;
using Classifier.Pipeline.Storage;
using Pipeline.Tests.Fixtures;
using Xunit.Abstractions;
using static Pipeline.Tests.Fixtures.WorkerAnswers;

namespace Pipeline.Tests.FunctionsApp;

/// <summary>
/// The ClassifyUpload blob trigger of the real Functions app, delivered as the host delivers an Event Grid
/// blob-created event (the worker builds its BlobClient from ModelBindingData), ending in its result blob;
/// and the review routes over what it queued.
/// </summary>
public sealed class FunctionsAppBlobTests(BlobFunctionsApp app, ITestOutputHelper output)
    : FunctionsAppTests<BlobFunctionsApp>(app, output), IClassFixture<BlobFunctionsApp>
{
    private async Task UploadAsync(string name, byte[] bytes)
    {
        var uploads = App.Blobs.GetBlobContainerClient(Containers.Uploads);
        await uploads.CreateIfNotExistsAsync();
        await uploads.GetBlobClient(name).UploadAsync(BinaryData.FromBytes(bytes), overwrite: true);
    }

    private async Task<Prediction?> ResultAsync(string name)
    {
        var blob = App.Blobs.GetBlobContainerClient(Containers.Predictions).GetBlobClient(Containers.ResultName(name));
        if (!await blob.ExistsAsync())
            return null;
        var stored = await blob.DownloadContentAsync();
        Assert.Equal("application/json", stored.Value.Details.ContentType);
        return Prediction.FromJson(stored.Value.Content.ToString());
    }

    private async Task<Prediction> UploadAndTriggerAsync(string name, byte[] bytes)
    {
        await UploadAsync(name, bytes);
        Assert.Equal(new(true, null), await Worker.InvokeBlobAsync(Containers.Uploads, name));
        return await ResultAsync(name) ?? throw new Xunit.Sdk.XunitException($"no result for {name}");
    }

    [Fact]
    public async Task An_image_gets_a_result_blob_with_its_source()
    {
        var bytes = TestImages.Jpeg(11);
        var result = await UploadAndTriggerAsync("photos/shoe.jpg", bytes);
        Assert.NotEqual(PredictionStatus.Rejected, result.Status);
        Assert.NotNull(result.Label);
        Assert.Equal(new ImageSource(Containers.Uploads, "photos/shoe.jpg", result.Source!.Etag, bytes.Length), result.Source);
        Assert.NotNull(result.ProcessedAt);
    }

    [Fact]
    public async Task Bytes_that_cannot_be_decoded_end_the_invocation_with_a_rejected_result()
    {
        var result = await UploadAndTriggerAsync("notes.jpg", TestImages.NotAnImage(1));
        Assert.Equal(PredictionStatus.Rejected, result.Status);
        Assert.Contains("not an image", result.Error);
    }

    [Fact]
    public async Task A_second_delivery_never_rewrites_a_finished_result()
    {
        var first = await UploadAndTriggerAsync("again.png", TestImages.Picture(12));
        var second = await UploadAndTriggerAsync("again.png", TestImages.Picture(12));
        Assert.Equal(first.ProcessedAt, second.ProcessedAt);
    }

    /// <summary>The host's poison message for an upload, as the blob extension writes it.</summary>
    private static string PoisonMessage(string name) =>
        $$"""{"Type":"BlobTrigger","FunctionId":"Host.Functions.ClassifyUpload","BlobType":"BlockBlob","ContainerName":"uploads","BlobName":"{{name}}","ETag":"\"0x1\""}""";

    private QueueClient PoisonQueue() => Queue(PoisonedUploads.QueueName);

    private QueueClient Queue(string name) =>
        new(App.ConnectionString, name, StorageClients.QueueOptions());

    [Fact]
    public async Task A_model_that_cannot_load_fails_the_blob_tries_but_not_the_upload_which_gets_its_real_result_once_the_model_loads()
    {
        // A model container whose model.onnx is not a model: every try fails for a reason the image has no part in.
        var models = App.Blobs.GetBlobContainerClient("broken-model");
        await models.CreateIfNotExistsAsync();
        using var package = PackageFolder.FromBuiltIn("waited-for", "1.0.0");
        await models.GetBlobClient(ModelPackage.OnnxFileName).UploadAsync(BinaryData.FromString("not an onnx file"), overwrite: true);
        foreach (var file in Directory.GetFiles(package.Path).Where(f => Path.GetFileName(f) != ModelPackage.OnnxFileName))
            await models.GetBlobClient(Path.GetFileName(file)).UploadAsync(file, overwrite: true);
        await UploadAsync("no-model.png", TestImages.Picture(13));
        await using var broken = await App.StartWorkerAsync(new Dictionary<string, string?>
        {
            ["Classifier__ModelContainer"] = "broken-model",
            ["Classifier__ModelRetrySeconds"] = "1",
        }, Output);

        for (var attempt = 1; attempt <= UploadProcessor.HostTries; attempt++)
        {
            Assert.False((await broken.InvokeBlobAsync(Containers.Uploads, "no-model.png")).Succeeded, $"try {attempt} succeeded");
            Assert.Null(await ResultAsync("no-model.png")); // the host counts these; they must not end the upload
        }
        // The host moves the message to its poison queue. Even at the poison trigger's last try, a try without a
        // model is not counted: the message is sent again, new, and the invocation ends well.
        var queue = PoisonQueue();
        await queue.CreateIfNotExistsAsync();
        Assert.Equal(new(true, null), await broken.InvokeQueueAsync(PoisonedUploads.QueueName, PoisonMessage("no-model.png"), PoisonedUploads.MaxTries));
        Assert.Null(await ResultAsync("no-model.png"));

        await models.GetBlobClient(ModelPackage.OnnxFileName).UploadAsync(package[ModelPackage.OnnxFileName], overwrite: true); // the model is fixed
        var again = await ReceiveAsync(queue, TimeSpan.FromSeconds(30), "no-model.png");
        Assert.Equal(1, again.DequeueCount); // a new message: the tries without a model left no count behind
        Assert.Equal(new(true, null), await broken.InvokeQueueAsync(PoisonedUploads.QueueName, again.MessageText, again.DequeueCount));

        var stored = await ResultAsync("no-model.png");
        Assert.NotNull(stored);
        Assert.NotEqual(PredictionStatus.Failed, stored.Status);
        Assert.NotNull(stored.Label);
        Assert.Equal("waited-for", stored.Model.Name);
    }

    [Fact]
    public async Task A_failure_that_is_not_the_models_fails_each_try_and_the_poison_triggers_last_try_stores_failed()
    {
        // An upload moved to the archive tier (a lifecycle rule can do that): its properties read, its bytes do not.
        await UploadAsync("archived.png", TestImages.Picture(16));
        await App.Blobs.GetBlobContainerClient(Containers.Uploads).GetBlobClient("archived.png").SetAccessTierAsync(AccessTier.Archive);

        Assert.False((await Worker.InvokeBlobAsync(Containers.Uploads, "archived.png")).Succeeded);
        // A first try with the message as the host delivers it (id and pop receipt): it fails, and the step hides the
        // message for Classifier__UploadRetrySeconds (the host itself releases no message of a "-poison" queue).
        var queue = PoisonQueue();
        await queue.CreateIfNotExistsAsync();
        await queue.SendMessageAsync(PoisonMessage("archived.png"));
        var delivered = await ReceiveAsync(queue, TimeSpan.FromSeconds(5), "archived.png");
        Assert.False((await Worker.InvokeQueueAsync(PoisonedUploads.QueueName, delivered.MessageText, delivered.DequeueCount, delivered.MessageId, delivered.PopReceipt)).Succeeded);
        var again = await ReceiveAsync(queue, TimeSpan.FromSeconds(BlobFunctionsApp.UploadRetrySeconds + 10), "archived.png");
        Assert.Equal((delivered.MessageId, 2), (again.MessageId, again.DequeueCount)); // the same message, the host's count going on
        await queue.DeleteMessageAsync(again.MessageId, again.PopReceipt); // the rest are driven by hand below

        for (var attempt = 2; attempt < PoisonedUploads.MaxTries; attempt++)
        {
            Assert.False((await Worker.InvokeQueueAsync(PoisonedUploads.QueueName, PoisonMessage("archived.png"), attempt)).Succeeded, $"poison try {attempt} succeeded");
            Assert.Null(await ResultAsync("archived.png")); // a result now would end the tries early
        }
        // The host's count says this is the last try: "failed" is stored and the step sets the message aside on
        // webjobs-blobtrigger-poison-poison itself (the host has no poison queue for a "-poison" queue), so the
        // invocation ends well and the host deletes the message.
        Assert.Equal(new(true, null), await Worker.InvokeQueueAsync(PoisonedUploads.QueueName, PoisonMessage("archived.png"), PoisonedUploads.MaxTries));

        var stored = await ResultAsync("archived.png");
        Assert.Equal(PredictionStatus.Failed, stored?.Status);
        Assert.Equal(UploadProcessor.FailedReason, stored!.Error);
        var setAside = await ReceiveAsync(Queue(PoisonedUploads.SetAsideQueueName), TimeSpan.FromSeconds(5), "archived.png");
        Assert.Equal("archived.png", PoisonedUploads.UploadName(setAside.MessageText));
    }

    [Fact]
    public async Task A_poison_message_for_a_blob_outside_uploads_is_dropped_without_a_result()
    {
        var message = PoisonMessage("x.png").Replace("\"uploads\"", "\"models\"", StringComparison.Ordinal);
        Assert.Equal(new(true, null), await Worker.InvokeQueueAsync(PoisonedUploads.QueueName, message, 1));
        Assert.Equal(new(true, null), await Worker.InvokeQueueAsync(PoisonedUploads.QueueName, "not json", 1));
        Assert.Null(await ResultAsync("x.png"));
    }

    /// <summary>The next message that names <paramref name="upload"/> (others are left to come back).</summary>
    private static async Task<QueueMessage> ReceiveAsync(QueueClient queue, TimeSpan timeout, string upload)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if ((await queue.ReceiveMessageAsync(TimeSpan.FromSeconds(30))).Value is { } message
                && PoisonedUploads.UploadName(message.MessageText) == upload)
            {
                return message;
            }
            await Task.Delay(250);
        }
        throw new Xunit.Sdk.XunitException($"no message came back to {queue.Name} within {timeout.TotalSeconds:0} s");
    }

    [Fact]
    public async Task An_out_of_domain_upload_is_queued_for_review_its_image_is_served_nosniff_and_it_takes_a_label()
    {
        var bytes = TestImages.Picture(14);
        Assert.Equal(PredictionStatus.OutOfDomain, (await UploadAndTriggerAsync("review-me.png", bytes)).Status);

        using var list = await Worker.InvokeHttpAsync(HttpMethod.Get, "/api/review");
        var items = (await JsonAsync(list, 200)).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString());
        Assert.Contains("review-me.png", items);

        using var image = await Worker.InvokeHttpAsync(HttpMethod.Get, "/api/review/review-me.png/image");
        Assert.Equal(200, (int)image.StatusCode);
        Assert.Equal("image/png", image.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", image.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(bytes, await image.Content.ReadAsByteArrayAsync());

        var label = SharedModel.Classifier.Card.Labels[0];
        using var labelled = await Worker.InvokeHttpAsync(HttpMethod.Post, "/api/review/review-me.png",
            new StringContent($$"""{"label":"{{label}}"}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(label, (await JsonAsync(labelled, 200)).GetProperty("reviewedLabel").GetString());

        using var unknown = await Worker.InvokeHttpAsync(HttpMethod.Post, "/api/review/review-me.png",
            new StringContent("""{"label":"giraffe"}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Contains("unknown label", await ProblemAsync(unknown, 400));
    }

    [Fact]
    public async Task Stats_count_what_the_blob_trigger_classified()
    {
        await UploadAndTriggerAsync("counted.png", TestImages.Picture(15));
        using var stats = await Worker.InvokeHttpAsync(HttpMethod.Get, "/api/stats");
        var today = (await JsonAsync(stats, 200)).GetProperty("series").EnumerateArray().Last();
        Assert.True(today.GetProperty("total").GetInt32() >= 1);
    }
}
