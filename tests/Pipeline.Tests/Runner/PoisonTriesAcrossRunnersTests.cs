using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Queues;
using Classifier.Core.Inference;
using Classifier.LocalRunner;
using Classifier.Pipeline.Blobs;
using Classifier.Pipeline.Storage;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Tests.Fixtures;
using Xunit.Abstractions;

namespace Pipeline.Tests.Runner;

/// <summary>
/// The poison stage's try count is the host's, kept in storage, so it holds across instances: two runners on one
/// Azurite (two instances of one app, as on Flex Consumption) share the tries of uploads that fail every try for a
/// reason that is not the model, and together make exactly five, then one "failed" result.
/// </summary>
/// <remarks>
/// Two runners in one test process are as separate as two processes where the count is concerned: each has its own
/// services, its own <see cref="PoisonedUploads"/> and its own WebJobs host polling the queue; nothing on the try
/// path is static. A count kept in either process would show here as more than five tries.
/// </remarks>
public sealed class PoisonTriesAcrossRunnersTests(AzuriteFixture azurite, ITestOutputHelper output) : IClassFixture<AzuriteFixture>
{
    private const int Uploads = 3;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    private readonly ConcurrentBag<(int Runner, string Name, long Try)> _tries = [];
    private readonly ConcurrentBag<(int Runner, string Name)> _failedResults = [];

    private async Task<LocalRunner> StartAsync(int runner)
    {
        var started = await LocalRunner.StartAsync(new RunnerOptions
        {
            Port = 0,
            StorageConnectionString = azurite.ConnectionString,
            ConfigureServices = HostServices.Serving(),
            JoinAsSecondInstance = runner > 1,
            Settings = new Dictionary<string, string?> { ["Classifier:UploadRetrySeconds"] = "3" },
            OnUploadProcessed = outcome =>
            {
                if (outcome.Status == PredictionStatus.Failed)
                    _failedResults.Add((runner, outcome.Name));
            },
        });
        started.Services.GetRequiredService<PoisonedUploads>().TryFailed += (name, count) => _tries.Add((runner, name, count));
        return started;
    }

    private QueueClient Queue(string name) =>
        new(azurite.ConnectionString, name, StorageClients.QueueOptions());

    [Fact]
    public async Task Uploads_that_fail_every_try_are_tried_five_times_in_all_by_two_runners_then_failed_once_and_set_aside()
    {
        await using var first = await StartAsync(1);
        await using var second = await StartAsync(2);
        var uploads = azurite.Blobs.GetBlobContainerClient(Containers.Uploads);
        var names = Enumerable.Range(0, Uploads).Select(i => $"archived-{i}.png").ToList();
        foreach (var (name, i) in names.Select((n, i) => (n, i)))
        {
            // Stored straight into the archive tier (a lifecycle rule can put an upload there): its properties
            // read, its bytes do not, on every try, on either runner.
            await uploads.GetBlobClient(name).UploadAsync(BinaryData.FromBytes(TestImages.Picture(900 + i)),
                new BlobUploadOptions { AccessTier = AccessTier.Archive });
        }

        // Each poll answers, from either runner, within a bound: not 202 for ever.
        using var fromFirst = new HttpClient { BaseAddress = first.ApiBase };
        using var fromSecond = new HttpClient { BaseAddress = second.ApiBase };
        var results = new Dictionary<string, JsonElement>();
        var clock = Stopwatch.StartNew();
        for (var poll = 0; results.Count < Uploads; poll++)
        {
            if (clock.Elapsed > Patience)
                throw new Xunit.Sdk.XunitException($"{Uploads - results.Count} of {Uploads} polls still answered 202 after {Patience.TotalSeconds:0} s; tries so far: {Describe()}");
            foreach (var name in names.Where(n => !results.ContainsKey(n)))
            {
                using var answer = await (poll % 2 == 0 ? fromFirst : fromSecond).GetAsync($"predictions/{name}");
                Assert.True(answer.StatusCode is HttpStatusCode.OK or HttpStatusCode.Accepted, $"{name} answered {answer.StatusCode}");
                if (answer.StatusCode == HttpStatusCode.OK)
                    results[name] = JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement.Clone();
            }
            await Task.Delay(250);
        }
        output.WriteLine($"all {Uploads} polls answered after {clock.Elapsed.TotalSeconds:0.0} s; tries: {Describe()}");

        // The host moves each message on once its last try has thrown, just after the result is stored.
        var setAside = Queue(PoisonedUploads.SetAsideQueueName);
        var setAsideNames = new List<string?>();
        while (setAsideNames.Count < Uploads && clock.Elapsed < Patience)
        {
            if (await setAside.ExistsAsync())
                setAsideNames = (await setAside.PeekMessagesAsync(32)).Value.Select(m => PoisonedUploads.UploadName(m.MessageText)).ToList();
            await Task.Delay(250);
        }

        Assert.All(names, name =>
        {
            Assert.Equal("failed", results[name].GetProperty("status").GetString());
            Assert.Equal(UploadProcessor.FailedReason, results[name].GetProperty("error").GetString());
            // One count across both runners: tries 1 to 5, each made once, by whichever runner took the message.
            Assert.Equal(Enumerable.Range(1, PoisonedUploads.MaxTries).Select(n => (long)n), _tries.Where(t => t.Name == name).Select(t => t.Try).Order());
            Assert.Single(_failedResults, f => f.Name == name); // stored once, by one runner
        });
        Assert.Equal(names, setAsideNames.Order()); // each message set aside for an operator, none lost
        Assert.Equal(0, (await Queue(PoisonedUploads.QueueName).GetPropertiesAsync()).Value.ApproximateMessagesCount); // and none left to try
    }

    /// <summary>Each upload's poison-stage tries as runner:count, e.g. "archived-0.png 1:1 2:2 1:3 ...".</summary>
    private string Describe() => string.Join("; ", _tries.GroupBy(t => t.Name).OrderBy(g => g.Key)
        .Select(g => $"{g.Key} {string.Join(' ', g.OrderBy(t => t.Try).Select(t => $"{t.Runner}:{t.Try}"))}"));
}
