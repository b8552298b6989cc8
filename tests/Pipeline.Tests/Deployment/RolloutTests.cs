using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Classifier.Pipeline.Model;

namespace Pipeline.Tests.Deployment;

/// <summary>
/// Shadow, canary, promote and rollback through the real runner on Azurite, while a client keeps predicting;
/// the second runner on the same storage follows every change by itself.
/// </summary>
public sealed class RolloutTests(RolloutFixture fixture) : IClassFixture<RolloutFixture>
{
    private static readonly string BuiltIn = ModelVersion.BuiltIn.ToString();
    private static readonly string Candidate = RolloutFixture.Candidate.ToString();
    private static readonly byte[] Image = TestImages.Picture(7);

    [Fact]
    public async Task Shadow_canary_promote_and_rollback_while_a_client_sees_only_200s()
    {
        using var stop = new CancellationTokenSource();
        var statuses = new ConcurrentBag<HttpStatusCode>();
        var client = Task.Run(async () =>
        {
            using var http = new HttpClient { BaseAddress = fixture.Http.BaseAddress };
            while (!stop.IsCancellationRequested)
            {
                using var content = new ByteArrayContent(Image);
                content.Headers.ContentType = new("image/png");
                using var response = await http.PostAsync("api/predict", content);
                statuses.Add(response.StatusCode);
            }
        });

        var start = await fixture.Http.GetFromJsonAsync<JsonElement>("api/deployment");
        Assert.Equal(BuiltIn, Named(start.GetProperty("live")));
        Assert.Equal(JsonValueKind.Null, start.GetProperty("candidate").ValueKind);
        Assert.Equal("live-only", start.GetProperty("mode").GetString());
        await RefusedAsync("{\"action\": \"promote\"}", HttpStatusCode.Conflict, "no candidate");
        await RefusedAsync("{\"action\": \"rollback\"}", HttpStatusCode.Conflict, "no previous version");

        // Shadow: live still answers; the candidate scores uploads in the background.
        var shadow = await ChangedAsync($"{{\"action\": \"shadow\", \"candidate\": \"{Candidate}\", \"by\": \"test\"}}");
        Assert.Equal("shadow", shadow.GetProperty("mode").GetString());
        Assert.Equal("test", shadow.GetProperty("changedBy").GetString());
        await SecondFollowsAsync(BuiltIn);
        Assert.Equal(BuiltIn, await RolloutFixture.PredictAsAsync(fixture.Http, "10.0.0.1", Image));
        var clothes = GateFixture.TestImagesFrom(0, 8);
        foreach (var (_, bytes) in clothes)
            await UploadAndWaitAsync(bytes);
        var scored = await PollAsync(async () =>
        {
            var view = await fixture.Http.GetFromJsonAsync<JsonElement>("api/deployment");
            var comparison = view.GetProperty("comparison");
            return comparison.GetProperty("scored").GetInt64() >= clothes.Count ? comparison : (JsonElement?)null;
        });
        // A head fitted on 10 images per label disagrees with the built-in model on some of them: each such upload is queued.
        Assert.InRange(scored.GetProperty("agreement").GetDouble(), 0.0, 0.99);
        var disagreements = await PollAsync(async () =>
        {
            var page = await fixture.Http.GetFromJsonAsync<JsonElement>("api/review?status=pending&take=200");
            var found = page.GetProperty("items").EnumerateArray().Where(item => item.GetProperty("reason").GetString() == "disagreement").ToList();
            return found.Count > 0 ? JsonSerializer.SerializeToElement(found) : (JsonElement?)null;
        });
        Assert.All(disagreements.EnumerateArray(), item =>
        {
            Assert.Equal(Candidate, item.GetProperty("candidateModel").GetString());
            Assert.NotEqual(item.GetProperty("label").GetString(), item.GetProperty("candidateLabel").GetString());
        });

        // Canary at 25 %: a quarter of the clients, each always on the same version.
        await ChangedAsync("{\"action\": \"canary\", \"percent\": 25}");
        var answers = new Dictionary<string, string>();
        for (var i = 0; i < 300; i++)
            answers[$"10.1.{i / 250}.{i % 250}"] = await RolloutFixture.PredictAsAsync(fixture.Http, $"10.1.{i / 250}.{i % 250}", Image);
        var share = answers.Values.Count(v => v == Candidate) / (double)answers.Count;
        Assert.InRange(share, 0.19, 0.31);
        Assert.All(answers.Values, v => Assert.Contains(v, new[] { BuiltIn, Candidate }));
        foreach (var (who, first) in answers.Take(40))
        {
            Assert.Equal(first, await RolloutFixture.PredictAsAsync(fixture.Http, who, Image));
            Assert.Equal(first, await RolloutFixture.PredictAsAsync(fixture.Second, who, Image)); // sticky across instances too
        }

        // Promote: the gate refuses with its figures (nothing reviewed yet); force overrides and is recorded.
        await RefusedAsync("{\"action\": \"promote\"}", HttpStatusCode.Conflict, "0 reviewed items, fewer than the 30");
        var promoted = await ChangedAsync("{\"action\": \"promote\", \"force\": true}");
        Assert.Equal(Candidate, Named(promoted.GetProperty("live")));
        Assert.Equal(BuiltIn, Named(promoted.GetProperty("previous")));
        Assert.True(promoted.GetProperty("forced").GetBoolean());
        Assert.Equal(Candidate, await RolloutFixture.PredictAsAsync(fixture.Http, "10.0.0.2", Image));
        await SecondFollowsAsync(Candidate);

        // Rollback at 3 a.m.: one command on the app's storage; both instances follow by themselves.
        var storage = new Dictionary<string, string?> { ["AzureWebJobsStorage"] = fixture.Server.ConnectionString };
        var (code, output, error) = CliRunner.Run(storage, null, "rollout", "rollback");
        Assert.True(code == 0, error + output);
        Assert.Contains("\"name\": \"fashion-resnet18\"", output);
        await FollowsAsync(fixture.Http, BuiltIn);
        await FollowsAsync(fixture.Second, BuiltIn);
        var status = CliRunner.Run(storage, null, "rollout", "status");
        Assert.Contains("\"lastAction\": \"rollback\"", status.Out);
        var again = CliRunner.Run(storage, null, "rollout", "rollback");
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("no previous version", again.Error);
        Assert.Contains("a rollback goes one step back, and fashion-resnet18@2.0.0 is live again", again.Error); // not "live since the record began"

        // The other verbs from the command line too: shadow, a promote the gate refuses, clear.
        var shadowAgain = CliRunner.Run(storage, null, "rollout", "shadow", "--candidate", Candidate);
        Assert.True(shadowAgain.ExitCode == 0, shadowAgain.Error + shadowAgain.Out);
        Assert.Contains("\"mode\": \"shadow\"", shadowAgain.Out);
        var refused = CliRunner.Run(storage, null, "rollout", "promote");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("fewer than the 30", refused.Error);
        Assert.Contains("(--force overrides it", refused.Error); // the command's option, not the API body's field
        Assert.DoesNotContain("\"force\"", refused.Error);
        var canaryOver = CliRunner.Run(storage, null, "rollout", "canary", "--percent", "150");
        Assert.Equal(1, canaryOver.ExitCode);
        Assert.Contains("canary needs --percent: the share of traffic the candidate answers, 1-100 (got 150)", canaryOver.Error);
        var cleared = CliRunner.Run(storage, null, "rollout", "clear");
        Assert.True(cleared.ExitCode == 0, cleared.Error + cleared.Out);
        Assert.Contains("\"mode\": \"live-only\"", cleared.Out);

        await stop.CancelAsync();
        await client;
        Assert.NotEmpty(statuses);
        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
    }

    [Theory]
    [InlineData("not json", "not a deployment change")]
    [InlineData("{\"action\": \"launch\"}", "must be one of shadow, canary, promote, rollback, clear")]
    [InlineData("{\"action\": \"shadow\", \"candidate\": \"no-version\"}", "must be name@version")]
    [InlineData("{\"action\": \"shadow\", \"candidate\": \"pets@9.9.9\"}", "unknown version pets@9.9.9")]
    [InlineData("{\"action\": \"canary\", \"candidate\": \"fashion-candidate@2.1.0\", \"percent\": 250}", "1-100")]
    [InlineData("{\"action\": \"shadow\", \"surprise\": 1}", "not a deployment change")]
    public async Task A_bad_change_is_400_and_changes_nothing(string body, string reason)
    {
        var before = await fixture.Http.GetStringAsync("api/deployment");
        await RefusedAsync(body, HttpStatusCode.BadRequest, reason);
        Assert.Equal(before, await fixture.Http.GetStringAsync("api/deployment"));
    }

    private static string Named(JsonElement version) => $"{version.GetProperty("name").GetString()}@{version.GetProperty("version").GetString()}";

    private async Task<JsonElement> ChangedAsync(string body)
    {
        using var response = await fixture.ChangeAsync(body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private async Task RefusedAsync(string body, HttpStatusCode status, string reason)
    {
        using var response = await fixture.ChangeAsync(body);
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(reason, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }

    /// <summary>The second instance, told nothing, answers with <paramref name="version"/> within 30 s.</summary>
    private Task SecondFollowsAsync(string version) => FollowsAsync(fixture.Second, version);

    private static async Task FollowsAsync(HttpClient runner, string version)
    {
        var clock = Stopwatch.StartNew();
        while (await RolloutFixture.PredictAsAsync(runner, "10.9.9.9", Image) != version)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"the runner still does not answer with {version} after 30 s");
            await Task.Delay(200);
        }
    }

    private async Task UploadAndWaitAsync(byte[] image)
    {
        using var content = new ByteArrayContent(image);
        content.Headers.ContentType = new("image/png");
        using var upload = await fixture.Http.PostAsync("api/uploads", content);
        upload.EnsureSuccessStatusCode();
        var name = (await upload.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("name").GetString()!;
        await PollAsync(async () =>
        {
            using var poll = await fixture.Http.GetAsync($"api/predictions/{name}");
            return poll.StatusCode == HttpStatusCode.OK ? await poll.Content.ReadFromJsonAsync<JsonElement>() : (JsonElement?)null;
        });
    }

    private static async Task<JsonElement> PollAsync(Func<Task<JsonElement?>> probe)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (await probe() is { } found)
                return found;
            await Task.Delay(200);
        }
        throw new TimeoutException("no answer within 60 s");
    }
}
