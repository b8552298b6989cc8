using Classifier.Core.DefaultModel;
using Classifier.Core.Inference;
using Classifier.Core.Model;
using Classifier.Training;
using SkiaSharp;

namespace Classifier.Tests;

/// <summary>Real inference: the default model on real Fashion-MNIST test images, sent as PNG and JPEG files.</summary>
[Collection(DefaultModelCollection.Name)]
public sealed class DefaultModelTests(DefaultModelFixture model)
{
    private const int Sample = 120;

    [Theory]
    [InlineData(SKEncodedImageFormat.Png, 0.80)]
    [InlineData(SKEncodedImageFormat.Jpeg, 0.75)]
    public void Classifies_real_fashion_mnist_images(SKEncodedImageFormat format, double minimumAccuracy)
    {
        var items = model.TestSet.Items.Take(Sample).ToList();

        var predictions = items.Select(i => model.Classifier.Classify(TestImages.Encode(i.Load(), format))).ToList();

        var accuracy = items.Zip(predictions).Count(p => p.First.Label == p.Second.Label) / (double)Sample;
        Assert.True(accuracy >= minimumAccuracy, $"{format}: accuracy {accuracy:P1} on {Sample} test images");
        Assert.All(predictions, p => Assert.Equal(model.Classifier.Card.Labels.Count >= 3 ? 3 : 2, p.Predictions.Count));
    }

    [Fact]
    public void The_readmes_example_answer_is_what_the_served_model_says_about_the_example_sneaker()
    {
        var readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md"));
        var example = System.Text.RegularExpressions.Regex.Match(readme,
            @"""confidence"": (?<confidence>[\d.]+).*?""outOfDomain"": \{ ""score"": (?<score>[\d.]+), ""threshold"": (?<threshold>[\d.]+) \}",
            System.Text.RegularExpressions.RegexOptions.Singleline);
        Assert.True(example.Success, "the README's example answer was not found");
        double Shown(string name) => double.Parse(example.Groups[name].Value, System.Globalization.CultureInfo.InvariantCulture);

        var prediction = model.Classifier.Classify(File.ReadAllBytes(Path.Combine(RepoPaths.SiteAssets, "examples", "sneaker.png")));

        Assert.Equal("Sneaker", prediction.Label);
        Assert.Equal(Shown("confidence"), Math.Round(prediction.Confidence, 5));
        Assert.Equal(Shown("score"), Math.Round(prediction.OutOfDomain!.Score, 2));
        Assert.Equal(Shown("threshold"), Math.Round(prediction.OutOfDomain.Threshold, 2));
    }

    [Fact]
    public void The_answer_has_the_documented_shape()
    {
        var sneaker = model.TestSet.Items.First(i => i.Label == "Sneaker");

        var prediction = model.Classifier.Classify(TestImages.Encode(sneaker.Load(), SKEncodedImageFormat.Png), top: 5);

        Assert.Equal(5, prediction.Predictions.Count);
        Assert.Equal(prediction.Label, prediction.Predictions[0].Label);
        Assert.Equal(prediction.Confidence, prediction.Predictions[0].Probability);
        Assert.True(prediction.Predictions.Zip(prediction.Predictions.Skip(1)).All(p => p.First.Probability >= p.Second.Probability));
        Assert.Equal(model.Classifier.Card.Name, prediction.Model.Name);
        Assert.NotNull(prediction.Timings);

        var json = System.Text.Json.JsonDocument.Parse(prediction.ToJson()).RootElement;
        Assert.Equal(System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(prediction.Status.ToString()), json.GetProperty("status").GetString());
        foreach (var field in new[] { "label", "confidence", "predictions", "outOfDomain", "model", "timings" })
            Assert.True(json.TryGetProperty(field, out _), $"missing '{field}'");
        Assert.False(json.TryGetProperty("error", out _));
    }

    [Fact]
    public void A_batch_gives_the_same_answers_as_one_by_one()
    {
        var images = model.TestSet.Items.Skip(300).Take(12).Select(i => TestImages.Encode(i.Load(), SKEncodedImageFormat.Png)).ToList();

        var batch = model.Classifier.ClassifyBatch(images);
        var single = images.Select(i => model.Classifier.Classify(i)).ToList();

        Assert.Equal(single.Select(s => s.Label), batch.Select(b => b.Label));
        Assert.All(single.Zip(batch), p => Assert.Equal(p.First.Confidence, p.Second.Confidence, 4));
    }

    [Fact]
    public void The_card_describes_the_merged_model()
    {
        var card = model.Classifier.Card;

        Assert.Equal(10, card.Labels.Count);
        Assert.Contains("Ankle boot", card.Labels);
        Assert.Equal((224, 224), (card.Input.Width, card.Input.Height));
        Assert.Equal("features", card.Output.Features);
    }

    [Fact]
    public void The_model_exposes_512_features_per_image()
    {
        var image = model.Classifier.Prepare(model.TestSet.Items[0].Load());

        var run = model.Classifier.Run([image, image]);

        Assert.Equal(2, run.Scores.Length);
        Assert.NotNull(run.Features);
        Assert.Equal(512, run.Features[0].Length);
        Assert.Equal(run.Features[0], run.Features[1]);
    }

    [Fact]
    public void The_head_reads_the_same_descriptor_that_training_extracts()
    {
        var image = model.Classifier.Prepare(model.TestSet.Items[1].Load());
        using var extractor = FeatureExtractor.Open();
        // The float model, as training extracts in float; the int8 twin's agreement is QuantizationTests' subject.
        using var fp32 = ImageClassifier.Load(DefaultModelPackage.Ensure(), new ClassifierOptions { Precision = ModelPrecision.Fp32 });

        var descriptor = extractor.Extract([image])[0];
        var run = fp32.Run([image]);

        // The descriptor opens with the model's 512 features, and the merged head scores it as training did.
        Assert.Equal(ModelAssembler.DescriptorLength, descriptor.Length);
        Assert.All(run.Features![0].Zip(descriptor), p => Assert.Equal(p.First, p.Second, 4));
        var head = LinearHead.Load(Path.Combine(DefaultModelPackage.SourceDirectory, LinearHead.FileName));
        var expected = ImageClassifier.Softmax(head.Logits(descriptor));
        Assert.All(run.Scores[0].Zip(expected), p => Assert.Equal(p.Second, p.First, 4));
    }

    [Fact]
    public void A_head_trained_on_another_descriptor_is_refused_with_a_reason()
    {
        using var temp = new TempFolder();
        var oldHead = new LinearHead(["a", "b"], [new float[BackboneParts.FeatureCount], new float[BackboneParts.FeatureCount]], [0f, 0f]);

        var error = Assert.Throws<ArgumentException>(() => ModelAssembler.Build(BackboneParts.InAppDirectory(), oldHead, temp["model.onnx"]));

        Assert.Contains($"{ModelAssembler.DescriptorLength}", error.Message);
        Assert.Contains("retrain", error.Message);
        Assert.False(File.Exists(temp["model.onnx"]));
    }
}
