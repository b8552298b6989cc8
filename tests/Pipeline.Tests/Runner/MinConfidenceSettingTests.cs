using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Classifier.Core.Inference;
using Classifier.LocalRunner;
using Classifier.Training;
using Pipeline.Tests.Fixtures;

namespace Pipeline.Tests.Runner;

/// <summary>The runner loads its model with its own settings: Classifier__MinConfidence decides confident or uncertain.</summary>
public sealed class MinConfidenceSettingTests
{
    [Fact]
    public async Task The_min_confidence_setting_decides_the_status_the_runner_answers_with()
    {
        // A test-set garment the shared classifier (the card's threshold) calls confident without being certain.
        var (image, before) = FashionMnist.Load(FashionMnist.DebianDirectory, "t10k").Items.Take(300)
            .Select(item => TestImages.Png(item.Load()))
            .Select(bytes => (bytes, prediction: SharedModel.Classifier.Classify(bytes)))
            .First(c => c.prediction is { Status: PredictionStatus.Confident, Confidence: < 0.999f });
        // The runner's own model loader (the built-in model), not the test run's shared classifier.
        var options = StorageFreeRunner.Options(new Dictionary<string, string?> { ["Classifier:MinConfidence"] = "0.999" }) with { ConfigureServices = null };
        await using var runner = await LocalRunner.StartAsync(options);
        using var http = new HttpClient { BaseAddress = runner.ApiBase };

        using var body = new ByteArrayContent(image) { Headers = { ContentType = new MediaTypeHeaderValue("image/png") } };
        using var response = await http.PostAsync("predict", body);
        var model = JsonDocument.Parse(await http.GetStringAsync("model")).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var after = Prediction.FromJson(await response.Content.ReadAsStringAsync());
        Assert.Equal((before.Label, PredictionStatus.Uncertain), (after.Label, after.Status));
        Assert.Equal(0.999, model.GetProperty("minConfidence").GetDouble(), 5);
        // The run's shared classifier, loaded with the card's threshold, is not touched by a host's setting.
        Assert.Equal(PredictionStatus.Confident, SharedModel.Classifier.Classify(image).Status);
    }
}
