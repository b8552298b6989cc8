using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Classifier.Pipeline.Deployment;
using Classifier.Pipeline.Model;

namespace Pipeline.Tests.Deployment;

/// <summary>
/// `classifier compare` and the promote gate on real reviewed production images: a head trained on 50 images
/// per label against the built-in model, which was trained on far more. The figures are counted here again,
/// image by image, with both models loaded in the test.
/// </summary>
[Collection(GateFixture.Collection)]
public sealed class GateTests(GateFixture fixture) : IDisposable
{
    private static readonly string BuiltIn = ModelVersion.BuiltIn.ToString();
    private readonly string _temp = Directory.CreateTempSubdirectory("compare-").FullName;

    [Fact]
    public void Compare_reports_each_version_on_the_reviewed_images_with_its_interval_agreement_and_recall()
    {
        var (liveRight, candidateRight, agreed) = fixture.Count(fixture.Reviewed.Select(r => (r.Label, r.Bytes)));

        var json = Run("compare", "--candidate", GateFixture.Candidate, "--json");
        var report = JsonDocument.Parse(json).RootElement;
        Assert.Equal(BuiltIn, report.GetProperty("live").GetString());
        Assert.Equal(GateFixture.Candidate, report.GetProperty("candidate").GetString());
        Assert.Equal(fixture.Reviewed.Count, report.GetProperty("reviewed").GetInt32());
        Assert.Equal(liveRight, report.GetProperty("liveAccuracy").GetProperty("correct").GetInt32());
        Assert.Equal(candidateRight, report.GetProperty("candidateAccuracy").GetProperty("correct").GetInt32());
        Assert.Equal((double)agreed / fixture.Reviewed.Count, report.GetProperty("agreement").GetDouble(), 6);
        var recall = report.GetProperty("recall").EnumerateArray().ToList();
        Assert.Equal(fixture.Reviewed.Select(r => r.Label).Distinct().Order(StringComparer.Ordinal), recall.Select(r => r.GetProperty("label").GetString()));
        Assert.Equal(fixture.Reviewed.Count, recall.Sum(r => r.GetProperty("count").GetInt32()));

        // The built-in model (about 90 % on the test set) is clearly better than 50 images per label can make a head.
        var live = report.GetProperty("liveAccuracy");
        var candidate = report.GetProperty("candidateAccuracy");
        Assert.True(candidate.GetProperty("value").GetDouble() < live.GetProperty("low").GetDouble(), json);
        Assert.InRange(live.GetProperty("value").GetDouble(), live.GetProperty("low").GetDouble(), live.GetProperty("high").GetDouble());

        var text = Unwrapped(Run("compare", "--candidate", GateFixture.Candidate));
        Assert.Contains($"{BuiltIn} (live) against {GateFixture.Candidate} (candidate) on {fixture.Reviewed.Count} reviewed production images", text);
        Assert.Contains("95 % Wilson score interval", text);
        Assert.Contains($"{liveRight} of {fixture.Reviewed.Count}", text);
        Assert.Contains($"{candidateRight} of {fixture.Reviewed.Count}", text);
        Assert.Contains($"gate: promote would be refused: {GateFixture.Candidate} is worse than live {BuiltIn} by more than the interval", text);
    }

    [Fact]
    public void Compare_on_a_labelled_folder_scores_its_images_instead()
    {
        var chosen = fixture.Reviewed.Where(r => r.Label is "Trouser" or "Bag" or "Sneaker").ToList();
        foreach (var (name, label, bytes) in chosen)
        {
            Directory.CreateDirectory(Path.Combine(_temp, "data", label));
            File.WriteAllBytes(Path.Combine(_temp, "data", label, name), bytes);
        }
        var (liveRight, candidateRight, _) = fixture.Count(chosen.Select(r => (r.Label, r.Bytes)));

        var report = JsonDocument.Parse(Run("compare", "--candidate", GateFixture.Candidate, "--data", Path.Combine(_temp, "data"), "--json")).RootElement;

        Assert.Equal(chosen.Count, report.GetProperty("reviewed").GetInt32());
        Assert.Equal(liveRight, report.GetProperty("liveAccuracy").GetProperty("correct").GetInt32());
        Assert.Equal(candidateRight, report.GetProperty("candidateAccuracy").GetProperty("correct").GetInt32());
        Assert.Equal(chosen.Select(r => r.Label).Distinct().Order(StringComparer.Ordinal), report.GetProperty("recall").EnumerateArray().Select(r => r.GetProperty("label").GetString()));
    }

    [Fact]
    public void Compare_refuses_an_unknown_version_no_storage_and_an_empty_set_with_a_sentence()
    {
        var unknown = Fail(fixture.Storage, "compare", "--candidate", "pets@9.9.9");
        Assert.Contains($"error: unknown version pets@9.9.9; published: {BuiltIn}, {GateFixture.Candidate}", unknown);

        var noStorage = Fail(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = null }, "compare", "--candidate", GateFixture.Candidate);
        Assert.Contains("error: no storage to talk to: set AzureWebJobsStorage", noStorage);

        foreach (var label in new[] { "cats", "dogs" })
        {
            Directory.CreateDirectory(Path.Combine(_temp, "pets", label));
            File.WriteAllBytes(Path.Combine(_temp, "pets", label, "one.png"), fixture.Reviewed[0].Bytes);
        }
        var empty = Fail(fixture.Storage, "compare", "--candidate", GateFixture.Candidate, "--data", Path.Combine(_temp, "pets"));
        Assert.Contains("to compare on: none with a label both versions know (2 skipped", empty);

        var live = Fail(fixture.Storage, "compare", "--candidate", BuiltIn);
        Assert.Contains($"error: {BuiltIn} is the live version", live);
    }

    [Fact]
    public async Task Promote_is_refused_with_the_figures_until_forced_and_the_override_is_recorded()
    {
        await fixture.ChangeAsync($"{{\"action\": \"shadow\", \"candidate\": \"{GateFixture.Candidate}\"}}");

        using var refused = await PostAsync("{\"action\": \"promote\"}");
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var detail = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;
        var (liveRight, candidateRight, _) = fixture.Count(fixture.Reviewed.Select(r => (r.Label, r.Bytes)));
        var n = fixture.Reviewed.Count;
        var liveInterval = ComparisonReport.Of(liveRight, n);
        Assert.Contains($"the gate refuses to promote {GateFixture.Candidate}: {GateFixture.Candidate} is worse than live {BuiltIn} by more than the interval: "
            + $"accuracy {ComparisonReport.Percent((double)candidateRight / n)} against {ComparisonReport.Percent((double)liveRight / n)} "
            + $"(95 % interval {ComparisonReport.Percent(liveInterval.Low)}-{ComparisonReport.Percent(liveInterval.High)}) on {n} reviewed items", detail);

        // The comparison the gate ran is shown with the record.
        var view = await fixture.Http.GetFromJsonAsync<JsonElement>("api/deployment");
        var comparison = view.GetProperty("comparison");
        Assert.Equal(n, comparison.GetProperty("reviewed").GetInt32());
        Assert.Equal((double)liveRight / n, comparison.GetProperty("liveAccuracy").GetDouble(), 6);
        Assert.Equal((double)candidateRight / n, comparison.GetProperty("candidateAccuracy").GetDouble(), 6);
        Assert.Equal("shadow", view.GetProperty("mode").GetString());

        var promoted = await fixture.ChangeAsync("{\"action\": \"promote\", \"force\": true, \"by\": \"gate test\"}");
        Assert.Equal("fashion-50", promoted.GetProperty("live").GetProperty("name").GetString());
        Assert.True(promoted.GetProperty("forced").GetBoolean());

        // Recorded in the history the monitor marks, beside who overrode the gate.
        var store = new DeploymentStore(new Classifier.Pipeline.Storage.LazyTable(() => new Azure.Data.Tables.TableServiceClient(fixture.Runner.Server.ConnectionString), DeploymentStore.TableName));
        var marks = await store.HistoryAsync(DateTimeOffset.UtcNow.AddHours(-1), CancellationToken.None);
        var mark = Assert.Single(marks, m => m.Action == "promote" && m.ChangedBy == "gate test");
        Assert.True(mark.Forced);
        Assert.Equal("gate test", mark.ChangedBy);
        Assert.Equal(GateFixture.Candidate, mark.Live);

        // Back as it was, for the other tests: the built-in model live, no candidate.
        await fixture.ChangeAsync("{\"action\": \"rollback\"}");
    }

    private Task<HttpResponseMessage> PostAsync(string json) =>
        fixture.Http.PostAsync("api/deployment", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

    /// <summary>The real `classifier` on the fixture's storage; its output, after asserting it succeeded.</summary>
    private string Run(params string[] args)
    {
        var (code, output, error) = CliRunner.Run(fixture.Storage, null, args);
        Assert.True(code == 0, output + error);
        return output;
    }

    /// <summary>A run that must fail with a sentence: exit code 1, no stack trace; its output and errors together.</summary>
    private static string Fail(IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var (code, output, error) = CliRunner.Run(environment, null, args);
        Assert.Equal(1, code);
        Assert.DoesNotContain("   at ", output + error);
        return Unwrapped(output + error);
    }

    private static string Unwrapped(string text) => Regex.Replace(text, @"\s+", " ");

    public void Dispose() => Directory.Delete(_temp, recursive: true);
}
