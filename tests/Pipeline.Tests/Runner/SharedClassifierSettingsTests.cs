using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Classifier.Core.Inference;
using Classifier.Training;
using Pipeline.Tests.Fixtures;

namespace Pipeline.Tests.Runner;

/// <summary>A classifier loaded elsewhere and handed to the runner still follows the runner's settings.</summary>
public sealed class SharedClassifierSettingsTests
{
    [Fact]
    public async Task A_preloaded_classifier_answers_with_the_min_confidence_from_the_settings()
    {
        // A test-set garment the shared classifier (the card's threshold) calls confident without being certain.
        var (image, before) = FashionMnist.Load(FashionMnist.DebianDirectory, "t10k").Items.Take(300)
            .Select(item => TestImages.Png(item.Load()))
            .Select(bytes => (bytes, prediction: SharedModel.Classifier.Classify(bytes)))
            .First(c => c.prediction is { Status: PredictionStatus.Confident, Confidence: < 0.999f });
        await using var runner = await StorageFreeRunner.StartAsync(new Dictionary<string, string?> { ["Classifier:MinConfidence"] = "0.999" });
        using var http = new HttpClient { BaseAddress = runner.ApiBase };

        using var body = new ByteArrayContent(image) { Headers = { ContentType = new MediaTypeHeaderValue("image/png") } };
        using var response = await http.PostAsync("predict", body);
        var model = JsonDocument.Parse(await http.GetStringAsync("model")).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var after = Prediction.FromJson(await response.Content.ReadAsStringAsync());
        Assert.Equal((before.Label, PredictionStatus.Uncertain), (after.Label, after.Status));
        Assert.Equal(0.999, model.GetProperty("minConfidence").GetDouble(), 5);
        // The shared classifier itself is left as it was for its other users.
        Assert.Equal(PredictionStatus.Confident, SharedModel.Classifier.Classify(image).Status);
    }
}
