using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using Classifier.Core.Inference;
using Classifier.Pipeline.Blobs;
using Classifier.Pipeline.Monitoring;
using Classifier.Pipeline.Review;
using Classifier.Pipeline.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pipeline.Tests.Fixtures;

namespace Pipeline.Tests.Review;

/// <summary>
/// The review queue through the runner's HTTP routes on real Azurite tables and blobs: uploads the real
/// model is unsure of are listed, shown and labelled; confident ones and strangers are not.
/// </summary>
public sealed class ReviewQueueTests(ReviewRunnerFixture fixture) : IClassFixture<ReviewRunnerFixture>
{
    private static readonly string[] QueueStates = ["uncertain", "out-of-domain"];

    private HttpClient Http => fixture.Http;

    [Fact]
    public async Task An_uncertain_upload_is_listed_shown_and_labelled_and_the_last_label_stands()
    {
        var image = TestImages.Picture(4201);
        var (name, result) = await fixture.UploadAndWaitAsync(image);
        // Uncertain (nothing reaches the fixture's bar), or out-of-domain once the model scores that: both queue.
        Assert.Contains(result.GetProperty("status").GetString(), QueueStates);

        var item = await FindAsync("pending", name);
        Assert.NotNull(item);
        Assert.Equal(result.GetProperty("status").GetString(), item.Value.GetProperty("status").GetString());
        Assert.Equal(result.GetProperty("label").GetString(), item.Value.GetProperty("label").GetString());
        Assert.Equal(result.GetProperty("confidence").GetSingle(), item.Value.GetProperty("confidence").GetSingle(), 5);
        Assert.Equal(JsonValueKind.Null, item.Value.GetProperty("reviewedLabel").ValueKind);
        Assert.Equal(3, item.Value.GetProperty("predictions").GetArrayLength());
        Assert.True(item.Value.TryGetProperty("processedAt", out _));
        Assert.True(item.Value.TryGetProperty("outOfDomain", out _));

        using var shown = await Http.GetAsync($"api/review/{name}/image");
        Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
        Assert.Equal("image/png", shown.Content.Headers.ContentType?.MediaType);
        Assert.Equal(image, await shown.Content.ReadAsByteArrayAsync());

        var first = await LabelAsync(name, "Bag");
        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal("Bag", first.Body.GetProperty("reviewedLabel").GetString());
        Assert.Equal("reviewed", first.Body.GetProperty("review").GetString());
        var firstAt = first.Body.GetProperty("reviewedAt").GetDateTimeOffset();

        await Task.Delay(20); // a later review has a later time
        var second = await LabelAsync(name, "Sneaker");
        Assert.Equal(HttpStatusCode.OK, second.Status);
        Assert.Equal("Sneaker", second.Body.GetProperty("reviewedLabel").GetString());
        Assert.True(second.Body.GetProperty("reviewedAt").GetDateTimeOffset() > firstAt);

        Assert.Null(await FindAsync("pending", name));
        var reviewed = await FindAsync("reviewed", name);
        Assert.Equal("Sneaker", reviewed?.GetProperty("reviewedLabel").GetString());
    }

    [Fact]
    public async Task A_stored_out_of_domain_result_enters_the_queue_with_its_score()
    {
        var name = $"ood-{Guid.NewGuid():N}.png";
        var result = await StoreResultAsync(name, PredictionStatus.OutOfDomain, new OutOfDomainScore(30f, 12f));

        var item = await FindAsync("pending", name);
        Assert.NotNull(item);
        Assert.Equal("out-of-domain", item.Value.GetProperty("status").GetString());
        Assert.Equal(30f, item.Value.GetProperty("outOfDomain").GetProperty("score").GetSingle());
        Assert.Equal(12f, item.Value.GetProperty("outOfDomain").GetProperty("threshold").GetSingle());
        Assert.Equal(result.Label, item.Value.GetProperty("label").GetString());

        var labelled = await LabelAsync(name, "none");
        Assert.Equal(HttpStatusCode.OK, labelled.Status);
        Assert.Equal("none", labelled.Body.GetProperty("reviewedLabel").GetString());
    }

    [Fact]
    public async Task A_confident_result_stays_out_of_the_queue()
    {
        var name = $"sure-{Guid.NewGuid():N}.png";
        await StoreResultAsync(name, PredictionStatus.Confident);

        Assert.Null(await FindAsync("pending", name));
        var labelled = await LabelAsync(name, "Bag");
        Assert.Equal(HttpStatusCode.NotFound, labelled.Status);
        Assert.Contains("not in the review queue", labelled.Body.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task An_unknown_label_is_400_naming_the_labels_and_an_unknown_name_is_404()
    {
        var name = $"ask-{Guid.NewGuid():N}.png";
        await StoreResultAsync(name, PredictionStatus.Uncertain);

        var wrong = await LabelAsync(name, "Spaceship");
        Assert.Equal(HttpStatusCode.BadRequest, wrong.Status);
        Assert.Contains("\"Ankle boot\"", wrong.Body.GetProperty("detail").GetString());

        foreach (var body in new[] { "not json", "{\"label\": 3}", "{}" })
        {
            using var content = new StringContent(body, Encoding.UTF8, "application/json");
            using var response = await Http.PostAsync($"api/review/{name}", content);
            await WorkerAnswers.ProblemAsync(response, 400);
        }

        var unknown = await LabelAsync("never-uploaded.png", "Bag");
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
        using var noImage = await Http.GetAsync("api/review/never-uploaded.png/image");
        Assert.Equal(HttpStatusCode.NotFound, noImage.StatusCode);
    }

    [Theory]
    [InlineData("..%2Fpredictions%2Fx.png.json")]
    [InlineData("%2e%2e%2fsecret.png")]
    [InlineData("a%5Cb.png")]
    [InlineData("x%252Fy.png")]
    [InlineData("phone%2F..%2F..%2Fpredictions%2Fx.png")]
    [InlineData("%2Fphone%2Fcat.png")]
    [InlineData("phone%2F%2Fcat.png")]
    [InlineData("phone%2Fcat.png%2F")]
    [InlineData("phone%2F.%2Fcat.png")]
    public async Task Hostile_names_are_refused(string encodedName)
    {
        using var response = await Http.GetAsync($"api/review/{encodedName}/image");
        await WorkerAnswers.ProblemAsync(response, 400);
        using var label = await Http.PostAsJsonAsync($"api/review/{encodedName}", new { label = "Bag" });
        await WorkerAnswers.ProblemAsync(label, 400);
    }

    [Fact]
    public async Task An_upload_in_a_virtual_folder_is_polled_queued_shown_labelled_and_exported()
    {
        // As a phone app or a sync tool names its uploads; the review page sends the name with its slashes encoded.
        var name = $"phone/2026-12-02/cat-{Guid.NewGuid():N}.png";
        var image = TestImages.Picture(4401);
        var uploads = fixture.Server.Blobs.GetBlobContainerClient(Containers.Uploads);
        await uploads.CreateIfNotExistsAsync();
        await uploads.GetBlobClient(name).UploadAsync(BinaryData.FromBytes(image));
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (await FindAsync("pending", name) is null)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{name} was not queued within 60 s");
            await Task.Delay(200);
        }

        // Its result is polled the same way: one segment, slashes encoded.
        using var polled = await Http.GetAsync($"api/predictions/{Uri.EscapeDataString(name)}");
        Assert.Equal(HttpStatusCode.OK, polled.StatusCode);
        Assert.Equal(name, Prediction.FromJson(await polled.Content.ReadAsStringAsync()).Source!.Name);

        using var shown = await Http.GetAsync($"api/review/{Uri.EscapeDataString(name)}/image");
        Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
        Assert.Equal(image, await shown.Content.ReadAsByteArrayAsync());
        var labelled = await LabelAsync(name, "Bag");
        Assert.Equal(HttpStatusCode.OK, labelled.Status);
        Assert.Equal(name, labelled.Body.GetProperty("name").GetString());

        var export = Directory.CreateTempSubdirectory("export-folder-");
        try
        {
            var (code, output, error) = CliRunner.Run(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = fixture.Server.ConnectionString }, null,
                "export-reviews", "--out", export.FullName);
            Assert.True(code == 0, output + error);
            Assert.Equal(image, File.ReadAllBytes(Path.Combine(export.FullName, "Bag", name.Replace('/', '_'))));
        }
        finally
        {
            export.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task The_image_route_never_serves_a_blob_outside_uploads()
    {
        var predictions = fixture.Server.Blobs.GetBlobContainerClient(Containers.Predictions);
        await predictions.CreateIfNotExistsAsync();
        await predictions.GetBlobClient("elsewhere.png").UploadAsync(BinaryData.FromBytes(TestImages.Picture(9)), overwrite: true);

        using var response = await Http.GetAsync("api/review/elsewhere.png/image");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Pages_follow_the_continuation_token_without_repeats_or_gaps()
    {
        var names = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            var name = $"page-{i}-{Guid.NewGuid():N}.png";
            names.Add(name);
            await StoreResultAsync(name, PredictionStatus.Uncertain);
        }

        var seen = new List<string>();
        string? continuation = null;
        var pages = 0;
        do
        {
            var query = "api/review?status=pending&take=3" + (continuation is null ? "" : "&continuation=" + Uri.EscapeDataString(continuation));
            var page = await Http.GetFromJsonAsync<JsonElement>(query);
            var items = page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()!).ToList();
            Assert.InRange(items.Count, 0, 3);
            seen.AddRange(items);
            continuation = page.GetProperty("continuation").ValueKind == JsonValueKind.String ? page.GetProperty("continuation").GetString() : null;
            pages++;
        }
        while (continuation is not null && pages < 100);

        Assert.Null(continuation);
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Subset(seen.ToHashSet(), names.ToHashSet());
    }

    [Theory]
    [InlineData("status=maybe")]
    [InlineData("take=0")]
    [InlineData("take=201")]
    [InlineData("take=ten")]
    public async Task Bad_list_queries_are_400(string query)
    {
        using var response = await Http.GetAsync("api/review?" + query);
        await WorkerAnswers.ProblemAsync(response, 400);
    }

    [Fact]
    public async Task Direct_predictions_keep_no_image_unless_the_setting_asks_for_it()
    {
        var uploads = fixture.Server.Blobs.GetBlobContainerClient(Containers.Uploads);
        var before = await CountAsync(uploads);
        using (var content = new ByteArrayContent(TestImages.Picture(4301)))
        {
            content.Headers.ContentType = new("image/png");
            using var predict = await Http.PostAsync("api/predict", content);
            Assert.Equal(HttpStatusCode.OK, predict.StatusCode);
            Assert.Contains((await predict.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString(), QueueStates);
        }
        Assert.Equal(before, await CountAsync(uploads));

        // Review__KeepPredictImages=true: the same services, with the setting on.
        var services = fixture.Runner.Services;
        var keeping = new PredictionRecorder(
            services.GetRequiredService<ReviewQueue>(), services.GetRequiredService<HourlyCounters>(), services.GetRequiredService<PredictionStore>(),
            new ReviewSettings { KeepPredictImages = true }, TimeProvider.System, new NoPredictionMetrics(),
            services.GetRequiredService<ILogger<PredictionRecorder>>());
        var image = TestImages.Picture(4302);
        await keeping.RecordDirectAsync(ReviewRunnerFixture.Classifier.Classify(image), image, Classifier.Core.Imaging.ImageLimits.Default, CancellationToken.None);
        Assert.Equal(before + 1, await CountAsync(uploads));

        // A 25:1 strip, past the default 20:1 but within the limits the route classified it under: kept under those limits too.
        var wide = new Classifier.Core.Imaging.ImageLimits { MaxAspectRatio = 100 };
        var strip = TestImages.Encode(TestImages.Solid(500, 20, 90, 120, 60), SkiaSharp.SKEncodedImageFormat.Png);
        var unsure = await ReviewRunnerFixture.Classifier.ClassifyAsync(strip, limits: wide);
        Assert.Contains(unsure.Status.JsonName(), QueueStates);
        await keeping.RecordDirectAsync(unsure, strip, wide, CancellationToken.None);
        Assert.Equal(before + 2, await CountAsync(uploads));
    }

    private async Task<Prediction> StoreResultAsync(string name, PredictionStatus status, OutOfDomainScore? score = null)
    {
        var storage = fixture.Server.Blobs;
        var image = TestImages.Picture(name.Length + status.GetHashCode());
        var classified = ReviewRunnerFixture.Classifier.Classify(image);
        var result = classified with { Status = status, OutOfDomain = score, ProcessedAt = DateTimeOffset.UtcNow, Source = new ImageSource(Containers.Uploads, name, null, image.Length) };
        // Written directly, as the blob step would: the result, the upload, then the recorder's queue and counters.
        // The result goes first: the runner's own blob trigger sees the upload too, and finding a stored result it
        // queues that one; the other way round, its own classification could overwrite this entry's score.
        await storage.GetBlobContainerClient(Containers.Predictions).GetBlobClient(Containers.ResultName(name)).UploadAsync(BinaryData.FromString(result.ToJson()), overwrite: true);
        await storage.GetBlobContainerClient(Containers.Uploads).GetBlobClient(name).UploadAsync(BinaryData.FromBytes(image), overwrite: true);
        await fixture.Runner.Services.GetRequiredService<PredictionRecorder>().RecordStoredAsync(name, result, CancellationToken.None);
        return result;
    }

    private async Task<JsonElement?> FindAsync(string state, string name)
    {
        string? continuation = null;
        do
        {
            var query = $"api/review?status={state}&take=200" + (continuation is null ? "" : "&continuation=" + Uri.EscapeDataString(continuation));
            var page = await Http.GetFromJsonAsync<JsonElement>(query);
            foreach (var item in page.GetProperty("items").EnumerateArray())
            {
                if (item.GetProperty("name").GetString() == name)
                    return item;
            }
            continuation = page.GetProperty("continuation").ValueKind == JsonValueKind.String ? page.GetProperty("continuation").GetString() : null;
        }
        while (continuation is not null);
        return null;
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> LabelAsync(string name, string label)
    {
        using var response = await Http.PostAsJsonAsync($"api/review/{Uri.EscapeDataString(name)}", new { label });
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    private static async Task<int> CountAsync(BlobContainerClient container)
    {
        var count = 0;
        await foreach (var _ in container.GetBlobsAsync())
            count++;
        return count;
    }
}
