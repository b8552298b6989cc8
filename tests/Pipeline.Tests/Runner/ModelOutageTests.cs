using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Classifier.Core.Model;
using Classifier.LocalRunner;
using Classifier.Pipeline.Blobs;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Tests.Fixtures;

namespace Pipeline.Tests.Runner;

/// <summary>
/// A model that cannot load is not the uploads' fault: on the real runner (blob trigger, its poison queue and
/// the queue trigger on it, all on Azurite), uploads made while the user's card is broken wait, and each gets
/// its real result once the card is fixed.
/// </summary>
public sealed class ModelOutageTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const int Uploads = 3;

    [Fact]
    public async Task Uploads_made_while_the_card_is_broken_wait_and_each_gets_its_real_result_once_the_card_is_fixed()
    {
        using var package = PackageFolder.FromBuiltIn("outage", "1.0.0");
        var card = package.Card;
        File.WriteAllText(package[ModelPackage.CardFileName], "{ \"name\": \"outage\", "); // cut off mid-write
        await using var runner = await LocalRunner.StartAsync(new RunnerOptions
        {
            Port = 0,
            StorageConnectionString = azurite.ConnectionString,
            Settings = new Dictionary<string, string?>
            {
                ["Classifier:ModelFolder"] = package.Path,
                ["Classifier:ModelRetrySeconds"] = "1",
            },
        });
        var deferred = new ConcurrentDictionary<string, int>();
        runner.Services.GetRequiredService<PoisonedUploads>().Deferred += name => deferred.AddOrUpdate(name, 1, (_, n) => n + 1);
        using var http = new HttpClient { BaseAddress = runner.ApiBase };

        var locations = new List<string>();
        for (var i = 0; i < Uploads; i++)
        {
            using var image = new ByteArrayContent(TestImages.Picture(700 + i));
            image.Headers.ContentType = new MediaTypeHeaderValue("image/png");
            using var accepted = await http.PostAsync("uploads", image);
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
            locations.Add(accepted.Headers.Location!.ToString());
        }

        // Every upload has used up the blob trigger's five tries and reached the poison queue's trigger, which put it off.
        await WaitUntil(() => deferred.Count == Uploads, TimeSpan.FromSeconds(120), () => $"each upload put off at least once (so far: {deferred.Count})");
        foreach (var location in locations)
        {
            using var poll = await http.GetAsync(location);
            Assert.True(poll.StatusCode == HttpStatusCode.Accepted, $"{location} answered {poll.StatusCode}: {await poll.Content.ReadAsStringAsync()}");
        }

        package.WriteCard(card);
        var results = new Dictionary<string, JsonElement>();
        var clock = Stopwatch.StartNew();
        while (results.Count < Uploads && clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            foreach (var location in locations.Where(l => !results.ContainsKey(l)))
            {
                using var poll = await http.GetAsync(location);
                if (poll.StatusCode == HttpStatusCode.OK)
                    results[location] = JsonDocument.Parse(await poll.Content.ReadAsStringAsync()).RootElement.Clone();
            }
            await Task.Delay(250);
        }

        Assert.True(results.Count == Uploads, $"{Uploads - results.Count} uploads got no result within 60 s of the fix");
        Assert.All(results.Values, result =>
        {
            Assert.DoesNotContain(result.GetProperty("status").GetString(), new[] { "failed", "rejected" });
            Assert.Equal("outage", result.GetProperty("model").GetProperty("name").GetString());
            Assert.False(string.IsNullOrEmpty(result.GetProperty("label").GetString()));
        });
    }

    private static async Task WaitUntil(Func<bool> condition, TimeSpan timeout, Func<string> what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout)
                throw new Xunit.Sdk.XunitException($"timed out after {timeout.TotalSeconds:0} s waiting for {what()}");
            await Task.Delay(200);
        }
    }
}
