using System.Text.Json;
using Classifier.Core.Inference;
using SkiaSharp;

namespace Classifier.Tests;

/// <summary>The default model's out-of-domain score on images a user might send it.</summary>
[Collection(DefaultModelCollection.Name)]
public sealed class DefaultModelOutOfDomainTests(DefaultModelFixture model)
{
    [Fact]
    public void The_default_model_scores_every_prediction_against_its_calibrated_threshold()
    {
        var prediction = model.Classifier.Classify(TestImages.Encode(model.TestSet.Items[0].Load(), SKEncodedImageFormat.Png));

        Assert.NotNull(model.Classifier.OutOfDomain);
        Assert.NotNull(prediction.OutOfDomain);
        Assert.Equal(model.Classifier.Card.OutOfDomain!.Threshold, prediction.OutOfDomain.Threshold);
        Assert.True(prediction.OutOfDomain.Score > 0);
    }

    [Theory]
    [InlineData("astronaut.jpg")]
    [InlineData("coffee.jpg")]
    public void A_photo_scores_farther_than_any_of_a_hundred_fashion_mnist_images_and_is_out_of_domain(string photo)
    {
        var clothes = model.TestSet.Items.Take(100)
            .Select(i => model.Classifier.Classify(TestImages.Encode(i.Load(), SKEncodedImageFormat.Png))).ToList();

        var prediction = model.Classifier.Classify(Fixture.Bytes(photo));

        Assert.True(prediction.OutOfDomain!.Score > clothes.Max(p => p.OutOfDomain!.Score),
            $"{photo} scored {prediction.OutOfDomain.Score}, the clothes up to {clothes.Max(p => p.OutOfDomain!.Score)}");
        Assert.Equal(PredictionStatus.OutOfDomain, prediction.Status);
        // The model's answer is still there for whoever wants it.
        Assert.NotNull(prediction.Label);
        Assert.Equal(3, prediction.Predictions.Count);
        Assert.True(clothes.Count(p => p.Status == PredictionStatus.OutOfDomain) <= 10, "more than 10 of 100 clothes called out-of-domain");
    }

    [Fact]
    public void A_page_of_text_is_out_of_domain()
    {
        var prediction = model.Classifier.Classify(RenderText("Invoice 2024\nTotal due: 42.00\nThank you!"));

        Assert.Equal(PredictionStatus.OutOfDomain, prediction.Status);
        Assert.True(prediction.OutOfDomain!.Score > prediction.OutOfDomain.Threshold);
    }

    [Fact]
    public void The_prediction_json_carries_the_score_and_threshold_and_the_kebab_case_status()
    {
        var json = JsonDocument.Parse(model.Classifier.Classify(Fixture.Bytes("astronaut.jpg")).ToJson()).RootElement;

        Assert.Equal("out-of-domain", json.GetProperty("status").GetString());
        var outOfDomain = json.GetProperty("outOfDomain");
        Assert.True(outOfDomain.GetProperty("score").GetSingle() > outOfDomain.GetProperty("threshold").GetSingle());
        Assert.Equal(2, outOfDomain.EnumerateObject().Count());
        Assert.False(string.IsNullOrEmpty(json.GetProperty("label").GetString()));
    }

    internal static byte[] RenderText(string text)
    {
        using var bitmap = new SKBitmap(320, 240);
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(SKColors.White);
        using var typeface = SKTypeface.FromFile("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf") ?? SKTypeface.Default;
        using var font = new SKFont(typeface, 30);
        using var ink = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        var y = 60f;
        foreach (var line in text.Split('\n'))
        {
            canvas.DrawText(line, 16, y, SKTextAlign.Left, font, ink);
            y += 50;
        }
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
