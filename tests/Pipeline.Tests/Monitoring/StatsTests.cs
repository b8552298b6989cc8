using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Classifier.Core.Inference;
using Classifier.LocalRunner;
using Classifier.Pipeline.Monitoring;
using Pipeline.Tests.Fixtures;

namespace Pipeline.Tests.Monitoring;

/// <summary>GET /api/stats on the runner: today's predictions by label and status, and the drift against the card's baseline.</summary>
public sealed class StatsTests : IAsyncLifetime
{
    private LocalRunnerServer? _server;
    private HttpClient _http = null!;

    /// <summary>The default model's card with a baseline as `classifier train` writes one: every label a tenth.</summary>
    private static readonly Lazy<ImageClassifier> WithBaseline = new(() => BaselineModel.Load("baseline-test"));

    public async Task InitializeAsync()
    {
        _server = await LocalRunnerServer.StartAsync(new RunnerOptions { ConfigureServices = HostServices.Serving(WithBaseline.Value), BlobTrigger = false });
        _http = new HttpClient { BaseAddress = _server.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public async Task DisposeAsync()
    {
        _http?.Dispose();
        if (_server is not null)
            await _server.DisposeAsync();
    }

    [Fact]
    public async Task Todays_predictions_are_counted_by_label_and_status_with_a_drift_figure()
    {
        var predicted = new List<JsonElement>();
        for (var seed = 0; seed < 5; seed++)
        {
            using var content = new ByteArrayContent(TestImages.Picture(5100 + seed));
            content.Headers.ContentType = new("image/png");
            using var response = await _http.PostAsync("api/predict", content);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            predicted.Add(await response.Content.ReadFromJsonAsync<JsonElement>());
        }

        var stats = await _http.GetFromJsonAsync<JsonElement>("api/stats?days=3");
        var series = stats.GetProperty("series").EnumerateArray().ToList();
        Assert.Equal(3, series.Count);
        var today = series[^1];
        Assert.Equal(DateTime.UtcNow.ToString("yyyy-MM-dd"), today.GetProperty("date").GetString());
        Assert.Equal(0, series[0].GetProperty("total").GetInt64());
        Assert.Equal(5, today.GetProperty("total").GetInt64());

        var labels = predicted.GroupBy(p => p.GetProperty("label").GetString()!).ToDictionary(g => g.Key, g => (long)g.Count());
        var counted = today.GetProperty("labels").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64());
        Assert.Equal(labels.OrderBy(p => p.Key), counted.OrderBy(p => p.Key));
        var uncertain = predicted.Count(p => p.GetProperty("status").GetString() == "uncertain");
        Assert.Equal(uncertain / 5.0, today.GetProperty("uncertainRate").GetDouble(), 3);
        Assert.Equal(predicted.Average(p => p.GetProperty("confidence").GetDouble()), today.GetProperty("meanConfidence").GetDouble(), 3);

        // PSI by hand: sum of (actual - expected) * ln(actual / expected) over the ten labels, 0.1 expected each.
        var expectedPsi = WithBaseline.Value.Card.Labels.Sum(label =>
        {
            var actual = Math.Max(labels.GetValueOrDefault(label) / 5.0, 1e-4);
            return (actual - 0.1) * Math.Log(actual / 0.1);
        });
        var drift = today.GetProperty("drift");
        Assert.Equal(expectedPsi, drift.GetProperty("psi").GetDouble(), 3);
        Assert.Equal(expectedPsi > 0.25, drift.GetProperty("alert").GetBoolean());
        Assert.Equal(uncertain / 5.0 - 0.05, drift.GetProperty("uncertainRateChange").GetDouble(), 3);
        Assert.Equal(0.25, stats.GetProperty("measure").GetProperty("alert").GetDouble());
        Assert.Equal(JsonValueKind.Null, stats.GetProperty("note").ValueKind);
        Assert.Equal(JsonValueKind.Null, series[0].GetProperty("drift").ValueKind); // no predictions, no figure
    }

    [Theory]
    [InlineData("0")]
    [InlineData("91")]
    [InlineData("week")]
    public async Task A_bad_number_of_days_is_400(string days)
    {
        using var response = await _http.GetAsync("api/stats?days=" + days);
        await WorkerAnswers.ProblemAsync(response, 400);
    }

    [Fact]
    public void A_card_without_a_baseline_says_so_and_gives_no_drift_figure()
    {
        var card = WithBaseline.Value.Card with { Baseline = null };
        var hour = new DateTimeOffset(DateTime.UtcNow.Date, TimeSpan.Zero).AddHours(3);
        var counts = CounterDelta.Of(new Prediction { Label = "Bag", Confidence = 0.8f, Status = PredictionStatus.Confident, Model = new(card.Name, card.Version) });
        var report = JsonSerializer.SerializeToElement(
            StatsHandlers.Report(card, hour.AddHours(-3), 1, [new HourCount(hour, new(card.Name, card.Version), counts)]), ApiJson.Options);
        Assert.Contains("has no baseline", report.GetProperty("note").GetString());
        var day = report.GetProperty("series")[0];
        Assert.Equal(1, day.GetProperty("total").GetInt64());
        Assert.Equal(JsonValueKind.Null, day.GetProperty("drift").ValueKind);
    }
}
