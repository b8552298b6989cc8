using Classifier.Core.DefaultModel;
using Classifier.Core.Inference;
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
public sealed class FunctionsAppBlobTests(FunctionsAppFixture app, ITestOutputHelper output)
    : FunctionsAppTests<FunctionsAppFixture>(app, output), IClassFixture<FunctionsAppFixture>
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

    [Fact]
    public async Task A_failure_that_is_not_the_image_fails_each_try_and_the_last_try_stores_failed()
    {
        // A model container whose model.onnx is not a model: every try fails for a reason the image has no part in.
        var models = App.Blobs.GetBlobContainerClient("broken-model");
        await models.CreateIfNotExistsAsync();
        await models.GetBlobClient("model.onnx").UploadAsync(BinaryData.FromString("not an onnx file"), overwrite: true);
        await models.GetBlobClient("model.json").UploadAsync(BinaryData.FromString(DefaultModelPackage.Ensure().Card.ToJson()), overwrite: true);
        await UploadAsync("no-model.png", TestImages.Picture(13));
        await using var broken = await App.StartWorkerAsync(new Dictionary<string, string?> { ["Classifier__ModelContainer"] = "broken-model" }, Output);

        for (var attempt = 1; attempt < UploadProcessor.HostTries; attempt++)
        {
            Assert.False((await broken.InvokeBlobAsync(Containers.Uploads, "no-model.png")).Succeeded, $"try {attempt} succeeded");
            Assert.Null(await ResultAsync("no-model.png")); // a result now would stop the host's retries
        }
        Assert.False((await broken.InvokeBlobAsync(Containers.Uploads, "no-model.png")).Succeeded); // still failed: the host moves it to the poison queue

        var stored = await ResultAsync("no-model.png");
        Assert.Equal(PredictionStatus.Failed, stored?.Status);
        Assert.Equal(UploadProcessor.FailedReason, stored!.Error);
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
