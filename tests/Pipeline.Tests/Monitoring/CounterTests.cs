using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Classifier.Core.Inference;
using Classifier.Pipeline.Monitoring;
using Classifier.Pipeline.Storage;
using Pipeline.Tests.Fixtures;

namespace Pipeline.Tests.Monitoring;

/// <summary>The hourly counters on Azurite's table service: sharded per instance, summed at read time, nothing lost under concurrency.</summary>
public sealed class CounterTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly ModelInfo Model = new("counting-model", "1.2.3");

    [Fact]
    public async Task Two_instances_counting_at_once_lose_nothing_and_write_one_shard_each()
    {
        var tables = new TableServiceClient(azurite.ConnectionString, TableAccount.ClientOptions());
        var first = new HourlyCounters(tables, TimeProvider.System);
        var second = new HourlyCounters(tables, TimeProvider.System);
        var labels = new[] { "Bag", "Coat", "Bag", "Shirt" };
        var statuses = new[] { PredictionStatus.Confident, PredictionStatus.Uncertain, PredictionStatus.OutOfDomain };
        Prediction Make(int i) => new()
        {
            Label = labels[i % labels.Length],
            Confidence = 0.5f + i % 5 / 10f,
            Status = statuses[i % statuses.Length],
            Model = Model,
        };

        var before = DateTimeOffset.UtcNow.AddHours(-1);
        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => (i % 2 == 0 ? first : second).RecordAsync(Make(i), CancellationToken.None)));
        await first.RecordAsync(Prediction.Rejected(Model, "not an image"), CancellationToken.None);

        var hours = (await first.ReadAsync(before, DateTimeOffset.UtcNow.AddHours(1), CancellationToken.None)).Where(h => h.Model == Model).ToList();
        Assert.InRange(hours.Count, 2, 4); // one entity per instance (two if the hour turned during the test)
        var sum = new CounterDelta();
        foreach (var hour in hours)
            sum.Add(hour.Counts);
        Assert.Equal(41, sum.Total);
        Assert.Equal(40, sum.Classified);
        Assert.Equal(20, sum.Labels["Bag"]);
        Assert.Equal(10, sum.Labels["Coat"]);
        Assert.Equal(1, sum.Status(PredictionStatus.Rejected));
        Assert.Equal(Enumerable.Range(0, 40).Count(i => i % 3 == 1), sum.Status(PredictionStatus.Uncertain));
        Assert.Equal(Enumerable.Range(0, 40).Sum(i => 0.5 + i % 5 / 10.0), sum.ConfidenceSum, 3);
    }

    [Fact]
    public async Task A_counter_written_by_someone_else_is_read_again_not_overwritten()
    {
        var tables = new TableServiceClient(azurite.ConnectionString, TableAccount.ClientOptions());
        var counters = new HourlyCounters(tables, TimeProvider.System);
        var model = new ModelInfo("conflict-model", "1");
        var prediction = new Prediction { Label = "Bag", Confidence = 0.9f, Status = PredictionStatus.Confident, Model = model };
        await counters.RecordAsync(prediction, CancellationToken.None);

        // Another writer bumps the same entity behind this instance's back: its cached ETag is now stale.
        var table = tables.GetTableClient(TableAccount.CounterTable);
        var entity = table.Query<TableEntity>(e => e.PartitionKey.CompareTo(HourlyCounters.HourKey(DateTimeOffset.UtcNow.AddHours(-1))) > 0)
            .Single(e => e.GetString("ModelName") == model.Name);
        entity["Total"] = entity.GetInt64("Total") + 10;
        await table.UpdateEntityAsync(entity, entity.ETag);

        await counters.RecordAsync(prediction, CancellationToken.None);
        var hours = await counters.ReadAsync(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(1), CancellationToken.None);
        Assert.Equal(12, hours.Where(h => h.Model == model).Sum(h => h.Counts.Total));
    }

    [Fact]
    public async Task Counts_of_several_models_that_could_not_be_written_all_wait_for_the_next_write()
    {
        var outage = new Outage();
        var options = TableAccount.ClientOptions();
        options.Retry.MaxRetries = 0;
        options.AddPolicy(outage, HttpPipelinePosition.PerCall);
        var counters = new HourlyCounters(new TableServiceClient(azurite.ConnectionString, options), TimeProvider.System);
        var models = Enumerable.Range(0, 3).Select(i => new ModelInfo($"outage-model-{i}", "1")).ToArray();

        // Storage refuses: each write fails at its first key, with the counts of the other models still in the batch.
        outage.Down = true;
        foreach (var model in models)
        {
            await Assert.ThrowsAnyAsync<RequestFailedException>(() => counters.RecordAsync(
                new Prediction { Label = "Bag", Confidence = 0.9f, Status = PredictionStatus.Confident, Model = model }, CancellationToken.None));
        }
        outage.Down = false;

        var hours = await counters.ReadAsync(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(1), CancellationToken.None);
        Assert.All(models, model => Assert.Equal(1, hours.Where(h => h.Model == model).Sum(h => h.Counts.Total)));
    }

    /// <summary>Storage that answers 503 to everything while down (a fault Azurite cannot be asked for); requests otherwise reach Azurite.</summary>
    private sealed class Outage : HttpPipelinePolicy
    {
        public volatile bool Down;

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            ThrowWhenDown();
            ProcessNext(message, pipeline);
        }

        public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            ThrowWhenDown();
            return ProcessNextAsync(message, pipeline);
        }

        private void ThrowWhenDown()
        {
            if (Down)
                throw new RequestFailedException(503, "storage is down (test outage)");
        }
    }
}
