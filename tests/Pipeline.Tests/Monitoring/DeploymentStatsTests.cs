using System.Net.Http.Json;
using System.Text.Json;
using Classifier.Core.Inference;
using Classifier.Pipeline.Blobs;
using Classifier.Pipeline.Model;
using Classifier.Pipeline.Storage;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Tests.Deployment;

namespace Pipeline.Tests.Monitoring;

/// <summary>
/// GET /api/stats' deployment section on the runner: the built-in model live and a trained candidate in shadow,
/// side by side (what each said, how often they agreed, how often each was right on reviewed uploads), and the
/// record's changes as marks, as the monitor draws them.
/// </summary>
[Collection(GateFixture.Collection)]
public sealed class DeploymentStatsTests(GateFixture fixture)
{
    private const string By = "stats test";
    private static readonly ModelVersion BuiltIn = ModelVersion.BuiltIn;

    [Fact]
    public async Task Live_and_candidate_are_reported_side_by_side_with_the_changes_of_the_record()
    {
        await fixture.ChangeAsync($"{{\"action\": \"shadow\", \"candidate\": \"{GateFixture.Candidate}\", \"by\": \"{By}\"}}");
        // Uploads one at a time: the candidate scores each in free capacity, which a lone upload always leaves.
        var images = GateFixture.TestImagesFrom(500, 12);
        var names = new List<string>();
        foreach (var (_, bytes) in images)
        {
            names.Add(await fixture.UploadAsync(bytes));
            await fixture.WaitForQueueAsync([names[^1]]);
        }
        var today = await PollAsync(async () =>
        {
            var versions = await VersionsAsync();
            var day = Today(Role(versions, "candidate"));
            return day.GetProperty("shadowed").GetInt64() >= images.Count ? versions : (JsonElement?)null;
        });

        using var candidateModel = fixture.LoadCandidate();
        var live = images.Select(i => SharedModel.Classifier.Classify(i.Bytes).Label!).ToList();
        var trial = images.Select(i => candidateModel.Classify(i.Bytes).Label!).ToList();
        var agreed = live.Zip(trial).Count(p => p.First == p.Second);

        var candidate = Role(today, "candidate");
        Assert.Equal("fashion-50", candidate.GetProperty("name").GetString());
        var shadowDay = Today(candidate);
        Assert.Equal(images.Count, shadowDay.GetProperty("shadowed").GetInt64());
        Assert.Equal(0, shadowDay.GetProperty("answered").GetInt64()); // in shadow, live gives every answer
        Assert.Equal(Math.Round((double)agreed / images.Count, 4), shadowDay.GetProperty("agreement").GetDouble(), 4);
        Assert.Equal(trial.GroupBy(l => l).ToDictionary(g => g.Key, g => (long)g.Count()).OrderBy(p => p.Key),
            shadowDay.GetProperty("labels").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64()).OrderBy(p => p.Key));
        var liveDay = Today(Role(today, "live"));
        Assert.True(liveDay.GetProperty("answered").GetInt64() >= fixture.Reviewed.Count + images.Count);
        Assert.Equal(JsonValueKind.Null, liveDay.GetProperty("agreement").ValueKind);

        // A person labels the new uploads: live was queued on each (unsure), the candidate where it disagreed.
        for (var i = 0; i < images.Count; i++)
            await fixture.ReviewAsync(names[i], images[i].Label, images[i].Bytes);
        var reviewed = await VersionsAsync();
        var (liveRight, _, _) = fixture.Count(fixture.Reviewed.Select(r => (r.Label, r.Bytes)));
        AssertReviewed(Role(reviewed, "live"), fixture.Reviewed.Count, liveRight);
        var disagreements = Enumerable.Range(0, images.Count).Where(i => live[i] != trial[i]).ToList();
        if (disagreements.Count == 0)
            Assert.Equal(JsonValueKind.Null, Role(reviewed, "candidate").GetProperty("reviewed").ValueKind);
        else
            AssertReviewed(Role(reviewed, "candidate"), disagreements.Count, disagreements.Count(i => trial[i] == images[i].Label));

        // Promote (forced past the gate), then roll back: each change is a mark, and the figures follow the version.
        await fixture.ChangeAsync($"{{\"action\": \"promote\", \"force\": true, \"by\": \"{By}\"}}");
        var promoted = await StatsAsync();
        // The figures and the failed results name the record's live version, not the one the app was configured with.
        Assert.Equal("fashion-50", promoted.GetProperty("model").GetProperty("name").GetString());
        Assert.Equal("fashion-50", (await FailedResultAsync()).Model!.Name);
        var versionsAfter = promoted.GetProperty("deployment").GetProperty("versions");
        Assert.Equal(images.Count, Today(Role(versionsAfter, "live")).GetProperty("shadowed").GetInt64());
        Assert.Equal(BuiltIn.Version, Role(versionsAfter, "previous").GetProperty("version").GetString());
        await fixture.ChangeAsync($"{{\"action\": \"rollback\", \"by\": \"{By}\"}}");

        var marks = (await StatsAsync()).GetProperty("deployment").GetProperty("marks").EnumerateArray()
            .Where(m => m.GetProperty("changedBy").GetString() == By).ToList();
        Assert.Equal(new[] { "shadow", "promote", "rollback" }, marks.Select(m => m.GetProperty("action").GetString()));
        Assert.Equal(new[] { false, true, false }, marks.Select(m => m.GetProperty("forced").GetBoolean()));
        Assert.Equal(GateFixture.Candidate, marks[1].GetProperty("live").GetString());
        Assert.Equal(BuiltIn.ToString(), marks[2].GetProperty("live").GetString());
        Assert.All(marks, m => Assert.Equal(DateTime.UtcNow.ToString("yyyy-MM-dd"), m.GetProperty("at").GetDateTimeOffset().UtcDateTime.ToString("yyyy-MM-dd")));
    }

    private static void AssertReviewed(JsonElement version, int items, int right)
    {
        var reviewed = version.GetProperty("reviewed");
        Assert.Equal(items, reviewed.GetProperty("items").GetInt32());
        Assert.Equal(right, reviewed.GetProperty("accuracy").GetProperty("correct").GetInt32());
        Assert.Equal(items, Today(version).GetProperty("reviewed").GetInt32());
        Assert.Equal(right, Today(version).GetProperty("reviewedCorrect").GetInt32());
    }

    /// <summary>The "failed" result the blob step stores once an upload has used up its tries, read back from storage.</summary>
    private async Task<Prediction> FailedResultAsync()
    {
        var blobs = fixture.Runner.Server.Blobs;
        var upload = blobs.GetBlobContainerClient(Containers.Uploads).GetBlobClient($"failed-{Guid.NewGuid():N}.png");
        await fixture.Runner.Runner.Services.GetRequiredService<UploadProcessor>().StoreFailedAsync(upload, CancellationToken.None);
        var stored = await blobs.GetBlobContainerClient(Containers.Predictions).GetBlobClient(Containers.ResultName(upload.Name)).DownloadContentAsync();
        var failed = Prediction.FromJson(stored.Value.Content.ToString());
        Assert.Equal(PredictionStatus.Failed, failed.Status);
        return failed;
    }

    private async Task<JsonElement> StatsAsync() => await fixture.Http.GetFromJsonAsync<JsonElement>("api/stats?days=2");

    private async Task<JsonElement> VersionsAsync() => (await StatsAsync()).GetProperty("deployment").GetProperty("versions");

    private static JsonElement Role(JsonElement versions, string role) => Assert.Single(versions.EnumerateArray(), v => v.GetProperty("role").GetString() == role);

    private static JsonElement Today(JsonElement version) => version.GetProperty("series").EnumerateArray().Last();

    private static async Task<JsonElement> PollAsync(Func<Task<JsonElement?>> probe)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (await probe() is { } found)
                return found;
            await Task.Delay(250);
        }
        throw new TimeoutException("the candidate had not scored every upload within 60 s");
    }
}
