using System.Text.Json;
using Classifier.Core.Imaging;
using Classifier.Core.Inference;
using Classifier.Core.Model;

namespace Classifier.Tests;

/// <summary>
/// fastai's inference-time transforms, reproduced by Fixtures/make_fastai_fixtures.py with Pillow, torchvision's pad
/// and fastai's crop/pad arithmetic: every resize method and pad mode, square and non-square sizes, and a PyTorch
/// model exported as the README says, whose probabilities the product must give within 1e-4.
/// </summary>
public sealed class FastaiTransformTests : IDisposable
{
    private static readonly JsonElement Expected =
        JsonDocument.Parse(File.ReadAllText(Fixture.Path("fastai/expected.json"))).RootElement;

    private readonly TempFolder _temp = new();

    public static TheoryData<string> PixelCases()
    {
        var data = new TheoryData<string>();
        foreach (var case_ in Expected.GetProperty("pixels").EnumerateArray())
            data.Add(case_.GetProperty("file").GetString()!);
        return data;
    }

    public static TheoryData<int> ParityCases()
    {
        var data = new TheoryData<int>();
        for (var i = 0; i < Expected.GetProperty("parity").GetProperty("cases").GetArrayLength(); i++)
            data.Add(i);
        return data;
    }

    [Theory]
    [MemberData(nameof(PixelCases))]
    public void Every_resize_and_pad_mode_gives_fastais_pixels_to_the_grey_level(string file)
    {
        var spec = Expected.GetProperty("pixels").EnumerateArray().Single(c => c.GetProperty("file").GetString() == file);
        // The fixtures include a 1x23 column: past the serving default's aspect-ratio limit, on purpose.
        var source = ImageDecoder.Decode(Fixture.Bytes("fastai/" + spec.GetProperty("source").GetString()), new ImageLimits { MaxAspectRatio = 100 });

        var result = ImageFitter.Fit(source, spec.GetProperty("width").GetInt32(), spec.GetProperty("height").GetInt32(), FitOf(spec));

        var expected = Fixture.Bytes("fastai/" + file);
        Assert.Equal(expected.Length, result.Pixels.Length);
        var worst = expected.Zip(result.Pixels, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(worst == 0, $"{file}: largest difference from fastai is {worst} grey levels");
    }

    [Fact]
    public void Random_resized_crop_squishes_to_the_size_plus_a_multiple_of_8_then_cuts_the_centre()
    {
        // 224 * 0.14 = 31.4, rounded up to a multiple of 8: 32, so 256 then the centre 224 (fastai's lesson size).
        Assert.Equal(32, ImageFit.Margin(224, 224, 0.14));
        Assert.Equal(8, ImageFit.Margin(40, 16, 0.14));
        Assert.Equal(0, ImageFit.Margin(224, 224, 0));
    }

    [Fact]
    public void Orientation_ignore_keeps_the_stored_pixels_as_fastais_loader_does()
    {
        var spec = Expected.GetProperty("ignoreOrientation");

        var stored = ImageDecoder.Decode(Fixture.Bytes("rotated.jpg"), options: DecodeOptions.Keeping(ImageOrientation.Ignore));
        var upright = ImageDecoder.Decode(Fixture.Bytes("rotated.jpg"));

        Assert.Equal((spec.GetProperty("width").GetInt32(), spec.GetProperty("height").GetInt32()), (stored.Width, stored.Height));
        Assert.Equal((stored.Height, stored.Width), (upright.Width, upright.Height));
        foreach (var sample in spec.GetProperty("samples").EnumerateArray())
        {
            var (x, y, rgb) = (sample[0].GetInt32(), sample[1].GetInt32(), sample[2]);
            var (r, g, b) = stored[x, y];
            // JPEG decoders may differ by a grey level; the point is which way up the picture is.
            Assert.InRange(Math.Abs(r - rgb[0].GetInt32()) + Math.Abs(g - rgb[1].GetInt32()) + Math.Abs(b - rgb[2].GetInt32()), 0, 6);
        }
    }

    [Theory]
    [MemberData(nameof(ParityCases))]
    public void A_pytorch_model_exported_as_the_readme_says_gives_fastais_probabilities(int index)
    {
        var spec = Expected.GetProperty("parity").GetProperty("cases")[index];
        var orientation = spec.TryGetProperty("orientation", out var o) ? CardValue<ImageOrientation>(o.GetString()!) : ImageOrientation.Exif;
        using var classifier = ImageClassifier.Load(ModelPackage.Load(ParityPackage(FitOf(spec), orientation)));
        Assert.Equal(DecodeMode.Exact, classifier.Card.Decode); // parity is the exact decode's promise, as the fixture's card says

        var prediction = classifier.Classify(Fixture.Bytes("fastai/" + spec.GetProperty("source").GetString()), top: 3);

        var expected = ExpectedProbabilities(spec);
        foreach (var (label, probability) in expected)
        {
            var actual = prediction.Predictions.Single(p => p.Label == label).Probability;
            Assert.True(Math.Abs(actual - probability) <= 1e-4,
                $"{Describe(spec)}: {label} is {actual:0.000000}, fastai gives {probability:0.000000}");
        }
    }

    [Fact]
    public void The_parity_check_can_tell_the_pad_modes_apart()
    {
        // Zeros where fastai reflected must miss by more than the tolerance, or the parity test proves nothing.
        var spec = Expected.GetProperty("parity").GetProperty("cases").EnumerateArray()
            .First(c => c.GetProperty("method").GetString() == "pad" && c.GetProperty("padMode").GetString() == "reflection");
        using var classifier = ImageClassifier.Load(ModelPackage.Load(ParityPackage(new ImageFit(ResizeMethod.Pad, PadMode.Zeros))));

        var prediction = classifier.Classify(Fixture.Bytes("fastai/" + spec.GetProperty("source").GetString()), top: 3);

        var worst = ExpectedProbabilities(spec).Max(e => Math.Abs(prediction.Predictions.Single(p => p.Label == e.Key).Probability - e.Value));
        Assert.True(worst > 1e-3, $"zeros and reflection differ by only {worst}");
    }

    [Fact]
    public void The_parity_check_can_tell_the_orientations_apart()
    {
        var expectedIgnore = ExpectedProbabilities(Expected.GetProperty("parity").GetProperty("cases").EnumerateArray()
            .First(c => c.TryGetProperty("orientation", out var o) && o.GetString() == "ignore"));
        using var classifier = ImageClassifier.Load(ModelPackage.Load(ParityPackage(ResizeMethod.Squish, ImageOrientation.Exif)));

        var turned = classifier.Classify(Fixture.Bytes("fastai/parity-rotated.jpg"), top: 3);

        var worst = expectedIgnore.Max(e => Math.Abs(turned.Predictions.Single(p => p.Label == e.Key).Probability - e.Value));
        Assert.True(worst > 1e-3, $"exif and ignore differ by only {worst}");
    }

    private string ParityPackage(ImageFit fit, ImageOrientation orientation = ImageOrientation.Exif)
    {
        var dir = _temp[$"parity-{fit.Method}-{fit.PadMode}-{fit.ValXtra}-{orientation}"];
        Directory.CreateDirectory(dir);
        File.Copy(Fixture.Path("fastai/parity-model.onnx"), Path.Combine(dir, ModelPackage.OnnxFileName), overwrite: true);
        var card = ModelCard.Load(Fixture.Path("fastai/parity-model.json")) with { Resize = fit.Method, PadMode = fit.PadMode, ValXtra = fit.ValXtra, Orientation = orientation };
        File.WriteAllText(Path.Combine(dir, ModelPackage.CardFileName), card.ToJson());
        return dir;
    }

    private static Dictionary<string, double> ExpectedProbabilities(JsonElement spec)
    {
        var labels = ModelCard.Load(Fixture.Path("fastai/parity-model.json")).Labels;
        return spec.GetProperty("probabilities").EnumerateArray().Select((p, i) => (labels[i], p.GetDouble())).ToDictionary();
    }

    private static ImageFit FitOf(JsonElement spec) => new(
        CardValue<ResizeMethod>(spec.GetProperty("method").GetString()!),
        CardValue<PadMode>(spec.GetProperty("padMode").GetString()!),
        spec.GetProperty("valXtra").GetDouble());

    /// <summary>The card's own spelling ("random-resized-crop") read through the card's enum converter.</summary>
    private static T CardValue<T>(string word) where T : struct, Enum => JsonSerializer.Deserialize<T>($"\"{word}\"");

    private static string Describe(JsonElement spec) =>
        $"{spec.GetProperty("source").GetString()} {spec.GetProperty("method").GetString()} {spec.GetProperty("padMode").GetString()} {spec.GetProperty("valXtra").GetDouble()}";

    public void Dispose() => _temp.Dispose();
}
