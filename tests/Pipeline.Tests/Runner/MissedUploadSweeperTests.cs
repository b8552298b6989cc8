using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Storage.Blobs;
using Classifier.LocalRunner;
using Classifier.Pipeline.Blobs;
using Classifier.Pipeline.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Tests.Fixtures;

namespace Pipeline.Tests.Runner;

/// <summary>
/// The runner's missed-upload sweeper on a real Azurite, pass by pass, counting the HEAD requests it sends:
/// each old upload is looked at once, not on every pass for ever, and uploads past its horizon not at all.
/// </summary>
public sealed class MissedUploadSweeperTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Each_waiting_upload_is_looked_at_once_the_missed_one_is_classified_and_old_ones_are_forgotten()
    {
        await using var runner = await LocalRunner.StartAsync(new RunnerOptions
        {
            Port = 0,
            StorageConnectionString = azurite.ConnectionString,
            BlobTrigger = false, // the sweeper alone, driven pass by pass
            ConfigureServices = HostServices.Serving(),
        });
        var heads = new HeadCounter();
        var store = new PredictionStore(options =>
        {
            options.AddPolicy(heads, HttpPipelinePosition.PerCall);
            return new BlobServiceClient(azurite.ConnectionString, options);
        });
        await store.EnsureContainersAsync(CancellationToken.None);
        foreach (var name in new[] { "a.png", "b.png", "c.png", "missed.png" })
            await store.Uploads.GetBlobClient(name).UploadAsync(BinaryData.FromBytes(TestImages.Picture(name.Length)), overwrite: true);
        foreach (var name in new[] { "a.png", "b.png", "c.png" })
            await store.Predictions.GetBlobClient(Containers.ResultName(name)).UploadAsync(BinaryData.FromString("{}"), overwrite: true);

        var clock = new ShiftedClock { Ahead = TimeSpan.FromMinutes(1) }; // every upload has waited past the sweeper's patience
        await using var sweeper = new LocalMissedUploadSweeper(store, runner.Services.GetRequiredService<UploadProcessor>(), clock,
            NullLogger<LocalMissedUploadSweeper>.Instance);

        Assert.Equal((4, 1), await sweeper.SweepAsync(CancellationToken.None));
        Assert.True(await store.Predictions.GetBlobClient(Containers.ResultName("missed.png")).ExistsAsync());
        var afterFirst = heads.Count;
        var perMissed = afterFirst - 3 - 1; // one HEAD to look at each of the three with a result, one for the check above; the rest were the missed one's
        Assert.InRange(perMissed, 1, 3);

        // The next passes send no HEAD for what was looked at, however often they run.
        for (var pass = 0; pass < 3; pass++)
            Assert.Equal((0, 0), await sweeper.SweepAsync(CancellationToken.None));
        Assert.Equal(afterFirst, heads.Count);

        await store.Uploads.GetBlobClient("late.png").UploadAsync(BinaryData.FromBytes(TestImages.Picture(9)));
        Assert.Equal((1, 1), await sweeper.SweepAsync(CancellationToken.None)); // only the new one
        Assert.Equal(afterFirst + perMissed, heads.Count);
        Assert.Equal(5, sweeper.Remembered);

        clock.Ahead = LocalMissedUploadSweeper.Horizon + TimeSpan.FromMinutes(1); // all of them are past the horizon now
        var beforeLast = heads.Count;
        Assert.Equal((0, 0), await sweeper.SweepAsync(CancellationToken.None));
        Assert.Equal(beforeLast, heads.Count);
        Assert.Equal(0, sweeper.Remembered);
    }

    private sealed class HeadCounter : HttpPipelineSynchronousPolicy
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public override void OnSendingRequest(HttpMessage message)
        {
            if (message.Request.Method == RequestMethod.Head)
                Interlocked.Increment(ref _count);
        }
    }

    private sealed class ShiftedClock : TimeProvider
    {
        public TimeSpan Ahead { get; set; }

        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Ahead;
    }
}
