using System.Collections.Concurrent;
using System.Diagnostics;
using Azure.Storage.Blobs;
using Classifier.Core.Inference;
using Classifier.LocalRunner;
using Classifier.Pipeline.Storage;
using Pipeline.Tests.Fixtures;

namespace Pipeline.Tests.Runner;

/// <summary>
/// The blob pipeline end to end: images written straight into uploads/ with the storage SDK (as az or a
/// user's app would), the WebJobs blob trigger in the local runner, results in predictions/.
/// </summary>
public sealed class BlobPipelineTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly int[] CorruptAt = [3, 12, 27, 38, 46];

    [Fact]
    public async Task Fifty_uploads_with_five_corrupt_give_fifty_results_each_once_across_a_runner_restart()
    {
        var runs = new ConcurrentDictionary<string, int>();
        var options = new RunnerOptions
        {
            Port = 0,
            StorageConnectionString = azurite.ConnectionString,
            ConfigureServices = HostServices.Serving(),
            Verbose = Environment.GetEnvironmentVariable("PIPELINE_TEST_VERBOSE") == "1",
            OnUploadProcessed = outcome => runs.AddOrUpdate(outcome.Name, 1, (_, n) => n + 1),
        };
        var storage = azurite.Blobs;
        var uploads = storage.GetBlobContainerClient(Containers.Uploads);
        var predictions = storage.GetBlobContainerClient(Containers.Predictions);
        var names = Enumerable.Range(0, 50).Select(i => $"batch/{i:00}.{(CorruptAt.Contains(i) ? "jpg" : "png")}").ToArray();
        byte[] BytesOf(int i) => !CorruptAt.Contains(i) ? TestImages.Picture(1000 + i) : i % 2 == 0 ? TestImages.NotAnImage(i) : TestImages.TruncatedJpeg(i);

        var runner = await LocalRunner.StartAsync(options);
        try
        {
            await UploadAsync(uploads, names, BytesOf, 0, 25);
            // Stop the runner while it is part-way through the first half: some done, some not yet seen.
            await WaitUntil(() => runs.Count >= 5, TimeSpan.FromSeconds(60), () => "the first results");
            await runner.DisposeAsync();

            await UploadAsync(uploads, names, BytesOf, 25, 50); // arrive while no runner is up
            runner = await LocalRunner.StartAsync(options);
            await WaitUntil(() => CountBlobs(predictions) >= 50, TimeSpan.FromSeconds(120),
                () => $"fifty results; missing: {string.Join(", ", names.Except(predictions.GetBlobs().Select(b => b.Name[..^5])))}; runs: {runs.Count}");
            await Task.Delay(TimeSpan.FromSeconds(3)); // room for a duplicate run to show up, if there were one
        }
        finally
        {
            await runner.DisposeAsync();
        }

        var results = new Dictionary<string, Prediction>();
        await foreach (var item in predictions.GetBlobsAsync())
        {
            var json = (await predictions.GetBlobClient(item.Name).DownloadContentAsync()).Value.Content.ToString();
            results[item.Name] = Prediction.FromJson(json);
        }
        Assert.Equal(names.Select(Containers.ResultName).Order(), results.Keys.Order());
        Assert.Equal(45, results.Values.Count(r => r.Status != PredictionStatus.Rejected && r.Label is not null));
        var rejected = results.Where(r => r.Value.Status == PredictionStatus.Rejected).ToList();
        Assert.Equal(CorruptAt.Select(i => Containers.ResultName(names[i])).Order(), rejected.Select(r => r.Key).Order());
        Assert.All(rejected, r => Assert.False(string.IsNullOrWhiteSpace(r.Value.Error)));
        Assert.Equal(names.Order(), runs.Keys.Order());
        Assert.All(runs, r => Assert.True(r.Value == 1, $"{r.Key} was classified {r.Value} times"));
    }

    private static async Task UploadAsync(BlobContainerClient uploads, string[] names, Func<int, byte[]> bytesOf, int from, int to) =>
        await Parallel.ForAsync(from, to, new ParallelOptions { MaxDegreeOfParallelism = 5 }, async (i, cancellation) =>
            await uploads.GetBlobClient(names[i]).UploadAsync(BinaryData.FromBytes(bytesOf(i)), cancellation));

    private static int CountBlobs(BlobContainerClient container) => container.GetBlobs().Count();

    private static async Task WaitUntil(Func<bool> condition, TimeSpan timeout, Func<string> what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout)
                Assert.Fail($"timed out after {timeout.TotalSeconds:0} s waiting for {what()}");
            await Task.Delay(200);
        }
    }
}
