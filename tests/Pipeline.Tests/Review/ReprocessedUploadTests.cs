using Azure.Data.Tables;
using Classifier.Pipeline.Blobs;
using Classifier.Pipeline.Model;
using Classifier.Pipeline.Monitoring;
using Classifier.Pipeline.Review;
using Classifier.Pipeline.Storage;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Tests.Fixtures;

namespace Pipeline.Tests.Review;

/// <summary>
/// An upload the blob step runs again on a later day (the sweeper, or the host's delivery after a restart),
/// on a real Azurite: it keeps its one review entry, with the reviewer's label, and is counted once.
/// </summary>
public sealed class ReprocessedUploadTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task An_upload_classified_again_a_day_later_keeps_one_review_entry_and_one_count()
    {
        var clock = new SettableClock(new DateTimeOffset(2026, 11, 29, 23, 50, 0, TimeSpan.Zero));
        await using var services = PipelineServices.Build(
            azurite.ConnectionString, new Dictionary<string, string?> { ["Classifier:MinConfidence"] = "1" }, clock: clock);
        var store = services.GetRequiredService<PredictionStore>();
        await store.EnsureContainersAsync(CancellationToken.None);
        var classifier = await services.GetRequiredService<ClassifierHolder>().GetAsync(CancellationToken.None);
        var image = Enumerable.Range(4700, 50).Select(seed => TestImages.Picture(seed)).First(i => ReviewQueue.BelongsInQueue(classifier.Classify(i).Status));
        const string name = "2026/11/29/unsure.png";
        var upload = store.Uploads.GetBlobClient(name);
        await upload.UploadAsync(BinaryData.FromBytes(image));
        var processor = services.GetRequiredService<UploadProcessor>();
        var queue = services.GetRequiredService<ReviewQueue>();

        var first = await processor.ClassifyAndStoreAsync(upload, CancellationToken.None);
        var day1 = clock.GetUtcNow();
        Assert.NotNull(await queue.LabelAsync(name, day1, "Bag", day1, CancellationToken.None));
        clock.Now = clock.Now.AddDays(1);
        var second = await processor.ClassifyAndStoreAsync(upload, CancellationToken.None);

        Assert.Equal((true, false), (first!.Stored, second!.Stored));
        var entries = new List<TableEntity>();
        var reviews = services.GetRequiredService<TableServiceClient>().GetTableClient(TableAccount.ReviewTable);
        await foreach (var entity in reviews.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"Name eq {name}")))
            entries.Add(entity);
        var entry = Assert.Single(entries);
        Assert.Equal(day1, entry.GetDateTimeOffset("ProcessedAt"));
        Assert.Equal((ReviewState.Reviewed, "Bag"), (entry.GetString("Review"), entry.GetString("ReviewedLabel")));

        var hours = await services.GetRequiredService<HourlyCounters>().ReadAsync(day1.AddHours(-1), clock.Now.AddHours(1), CancellationToken.None);
        Assert.Equal(1, hours.Sum(h => h.Counts.Total));
    }

    private sealed class SettableClock(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
