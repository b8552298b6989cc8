using Classifier.Core.Imaging;
using Classifier.Core.Inference;
using Classifier.Core.Model;
using SkiaSharp;

namespace Classifier.Tests;

/// <summary>A user's own model package loads and predicts through the same path as the default model.</summary>
public sealed class UserModelTests : IDisposable
{
    private readonly TempFolder _temp = new();

    [Fact]
    public void Own_package_classifies_through_the_same_path()
    {
        using var classifier = ImageClassifier.Load(ModelPackage.Load(TinyOnnxModel.WritePackage(_temp["tiny"])));

        var bright = classifier.Classify(TestImages.Encode(TestImages.Solid(30, 20, 250, 250, 250), SKEncodedImageFormat.Png));
        var dark = classifier.Classify(TestImages.Encode(TestImages.Solid(30, 20, 5, 5, 5), SKEncodedImageFormat.Jpeg));

        Assert.Equal("bright", bright.Label);
        Assert.Equal("dark", dark.Label);
        Assert.Equal(PredictionStatus.Confident, bright.Status);
        Assert.Equal(new ModelInfo("tiny-brightness", "0.0.1"), bright.Model);
        // The card says logits: the answer must be softmax probabilities.
        Assert.Equal(1.0, bright.Predictions.Sum(p => p.Probability), 3);
        Assert.True(bright.Confidence > 0.9);
    }

    [Fact]
    public void Grey_images_are_uncertain_under_the_cards_threshold()
    {
        using var classifier = ImageClassifier.Load(ModelPackage.Load(TinyOnnxModel.WritePackage(_temp["tiny"])));

        var grey = classifier.Classify(TestImages.Encode(TestImages.Solid(8, 8, 128, 128, 128), SKEncodedImageFormat.Png));

        Assert.Equal(PredictionStatus.Uncertain, grey.Status);
        Assert.InRange(grey.Confidence, 0.5, 0.7);
    }

    [Fact]
    public void Fixed_batch_models_are_run_one_image_at_a_time()
    {
        using var classifier = ImageClassifier.Load(ModelPackage.Load(TinyOnnxModel.WritePackage(_temp["fixed"], fixedBatch: 1)));
        var images = new[] { (byte)250, (byte)5, (byte)240 }
            .Select(v => TestImages.Encode(TestImages.Solid(10, 10, v, v, v), SKEncodedImageFormat.Png)).ToList();

        var results = classifier.ClassifyBatch(images);

        Assert.Equal(["bright", "dark", "bright"], results.Select(r => r.Label));
    }

    [Fact]
    public void Batch_marks_bad_images_rejected_and_classifies_the_rest()
    {
        using var classifier = ImageClassifier.Load(ModelPackage.Load(TinyOnnxModel.WritePackage(_temp["tiny"])));

        var results = classifier.ClassifyBatch([Fixture.Bytes("truncated.jpg"), TestImages.Encode(TestImages.Solid(9, 9, 250, 250, 250), SKEncodedImageFormat.Png)]);

        Assert.Equal(PredictionStatus.Rejected, results[0].Status);
        Assert.Contains("truncated JPEG", results[0].Error);
        Assert.Equal("bright", results[1].Label);
    }

    [Fact]
    public async Task Classify_refuses_bad_bytes_naming_the_kind_of_problem_and_why()
    {
        using var classifier = ImageClassifier.Load(ModelPackage.Load(TinyOnnxModel.WritePackage(_temp["tiny"])));
        var small = new ImageLimits { MaxBytes = 100 };

        var truncated = await Assert.ThrowsAsync<ImageRejectedException>(() => classifier.ClassifyAsync(Fixture.Bytes("truncated.jpg")));
        var tooBig = await Assert.ThrowsAsync<ImageRejectedException>(() => classifier.ClassifyAsync(Fixture.Bytes("photo.jpg"), limits: small));
        var good = await classifier.ClassifyAsync(TestImages.Encode(TestImages.Solid(9, 9, 250, 250, 250), SKEncodedImageFormat.Png));

        Assert.Equal(ImageProblem.Truncated, truncated.Problem);
        Assert.Contains("truncated JPEG", truncated.Message);
        Assert.Equal(ImageProblem.TooManyBytes, tooBig.Problem);
        Assert.Equal("bright", good.Label);
    }

    [Theory]
    [InlineData("labels", 3)]
    [InlineData("input.name", 0)]
    [InlineData("input.width", 0)]
    public void A_card_that_does_not_fit_the_model_fails_at_load_naming_the_field(string field, int labelCount)
    {
        var dir = field switch
        {
            "labels" => TinyOnnxModel.WritePackage(_temp["labels"], labels: Enumerable.Range(0, labelCount).Select(i => $"c{i}").ToList()),
            "input.name" => TinyOnnxModel.WritePackage(_temp["name"], inputName: "pixels"),
            _ => TinyOnnxModel.WritePackage(_temp["width"], fixedBatch: 1, cardWidth: 16),
        };

        var error = Assert.Throws<ModelLoadException>(() => ImageClassifier.Load(ModelPackage.Load(dir)));

        Assert.Contains($"field '{field}'", error.Message);
    }

    [Fact]
    public void A_folder_without_a_card_says_so()
    {
        Directory.CreateDirectory(_temp["empty"]);
        var error = Assert.Throws<ModelLoadException>(() => ModelPackage.Load(_temp["empty"]));
        Assert.Contains("model.json", error.Message);
    }

    [Theory]
    [InlineData("not a model, just some words\n")]
    [InlineData("{\"name\": \"a json file renamed\"}")]
    [InlineData("")]
    public void A_file_that_is_not_onnx_says_so_in_one_plain_sentence(string content)
    {
        var dir = TinyOnnxModel.WritePackage(_temp["broken"]);
        File.WriteAllText(Path.Combine(dir, ModelPackage.OnnxFileName), content);

        var error = Assert.Throws<ModelLoadException>(() => ModelPackage.Load(dir));

        Assert.Matches("model.onnx is (empty, )?not an ONNX model", error.Message);
        Assert.DoesNotContain("protobuf", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("\n", error.Message);
    }

    [Fact]
    public void A_truncated_onnx_file_is_not_an_onnx_model()
    {
        var dir = TinyOnnxModel.WritePackage(_temp["cut"]);
        var onnx = Path.Combine(dir, ModelPackage.OnnxFileName);
        var bytes = File.ReadAllBytes(onnx);
        File.WriteAllBytes(onnx, bytes[..(bytes.Length / 2)]);

        var error = Assert.Throws<ModelLoadException>(() => ModelPackage.Load(dir));

        Assert.Contains("is not an ONNX model", error.Message);
    }

    public void Dispose() => _temp.Dispose();
}
