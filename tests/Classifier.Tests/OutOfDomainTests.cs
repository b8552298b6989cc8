using System.Text.Json;
using Classifier.Core.Imaging;
using Classifier.Core.Inference;
using Classifier.Core.Inference.OutOfDomain;
using Classifier.Core.Model;
using Classifier.Training;
using Classifier.Training.OutOfDomain;
using SkiaSharp;

namespace Classifier.Tests;

/// <summary>Calibration, the card section and the status rules, on a user's tiny package.</summary>
public sealed class OutOfDomainTests : IDisposable
{
    private readonly TempFolder _temp = new();

    [Fact]
    public void The_baselines_label_shares_are_those_of_the_validation_images_like_its_rates()
    {
        var random = new Random(3);
        CalibrationImage Image(int label) =>
            new([label * 4f + (float)random.NextDouble(), (float)random.NextDouble()], label, label == 0 ? [0.9f, 0.1f] : [0.1f, 0.9f]);
        var fit = Enumerable.Range(0, 40).Select(i => Image(i % 2)).ToList(); // half and half
        var validation = Enumerable.Range(0, 20).Select(i => Image(i < 15 ? 0 : 1)).ToList(); // three quarters "dark"

        var baseline = OutOfDomainCalibration.Fit(fit, validation, ["dark", "bright"], minConfidence: 0.5f).Baseline;

        Assert.Equal(0.75f, baseline.LabelShares["dark"]);
        Assert.Equal(0.25f, baseline.LabelShares["bright"]);
        Assert.Equal(0.9f, baseline.MeanConfidence, 3);
    }

    [Fact]
    public void Calibrate_adds_statistics_threshold_and_baseline_to_a_package_with_features()
    {
        var package = TinyOnnxModel.WritePackage(_temp["tiny"], features: true);
        var data = GreyImages(_temp["data"], perLabel: 40);

        var result = PackageCalibrator.Calibrate(package, ImageFolder.Load(data), validPct: 0.25, seed: 1);

        var card = ModelCard.Load(Path.Combine(package, ModelPackage.CardFileName));
        Assert.Equal(OutOfDomainDetector.MahalanobisMethod, card.OutOfDomain!.Method);
        Assert.True(File.Exists(Path.Combine(package, card.OutOfDomain.Statistics!)));
        Assert.Equal(0.95f, card.OutOfDomain.CalibratedQuantile);
        Assert.Equal(60, result.FitCount);
        Assert.Equal(20, result.ValidCount);
        // The label shares are those of the 20 validation images (the rates' images), not of all 80 (half and half).
        Assert.All(card.Baseline!.LabelShares.Values, share => Assert.Equal(Math.Round(share * result.ValidCount), share * result.ValidCount, 3));
        Assert.Equal(1f, card.Baseline.LabelShares.Values.Sum(), 3);
        Assert.InRange(card.Baseline.OutOfDomainRate, 0f, 0.1f);
        Assert.InRange(card.Baseline.MeanConfidence, 0.5f, 1f);

        using var classifier = ImageClassifier.Load(ModelPackage.Load(package));
        var grey = classifier.Classify(TestImages.Encode(TestImages.Solid(8, 8, 60, 60, 60), SKEncodedImageFormat.Png));
        var red = classifier.Classify(TestImages.Encode(TestImages.Solid(8, 8, 255, 0, 0), SKEncodedImageFormat.Png));
        Assert.NotEqual(PredictionStatus.OutOfDomain, grey.Status);
        Assert.Equal(PredictionStatus.OutOfDomain, red.Status); // grey training images never had colour
        Assert.True(red.OutOfDomain!.Score > grey.OutOfDomain!.Score);
    }

    [Fact]
    public void Out_of_domain_wins_over_confident_and_keeps_the_label()
    {
        var package = TinyOnnxModel.WritePackage(_temp["tiny"], features: true);
        PackageCalibrator.Calibrate(package, ImageFolder.Load(GreyImages(_temp["data"], perLabel: 20)), validPct: 0.25, seed: 1);
        var black = TestImages.Encode(TestImages.Solid(8, 8, 0, 0, 0), SKEncodedImageFormat.Png);

        using var lenient = ImageClassifier.Load(WithThreshold(package, 1e6f));
        using var strict = ImageClassifier.Load(WithThreshold(package, 1e-6f));
        var trusted = lenient.Classify(black);
        var flagged = strict.Classify(black);

        Assert.Equal(PredictionStatus.Confident, trusted.Status);
        Assert.Equal(PredictionStatus.OutOfDomain, flagged.Status);
        Assert.Equal(trusted.Label, flagged.Label);
        Assert.Equal(trusted.Confidence, flagged.Confidence);
        Assert.Equal(trusted.OutOfDomain!.Score, flagged.OutOfDomain!.Score);
    }

    [Fact]
    public void Uncertain_stays_uncertain_when_the_image_is_in_domain()
    {
        var package = TinyOnnxModel.WritePackage(_temp["tiny"], features: true);
        PackageCalibrator.Calibrate(package, ImageFolder.Load(GreyImages(_temp["data"], perLabel: 20)), validPct: 0.25, seed: 1);
        using var lenient = ImageClassifier.Load(WithThreshold(package, 1e6f));

        // Mid grey: the tiny model cannot tell dark from bright, so it is unsure.
        var prediction = lenient.Classify(TestImages.Encode(TestImages.Solid(8, 8, 128, 128, 128), SKEncodedImageFormat.Png));

        Assert.Equal(PredictionStatus.Uncertain, prediction.Status);
    }

    [Fact]
    public void A_package_without_features_has_no_score_and_cannot_be_calibrated()
    {
        var package = TinyOnnxModel.WritePackage(_temp["tiny"]);
        using var classifier = ImageClassifier.Load(ModelPackage.Load(package));

        var prediction = classifier.Classify(TestImages.Encode(TestImages.Solid(8, 8, 200, 200, 200), SKEncodedImageFormat.Png));

        Assert.Null(classifier.OutOfDomain);
        Assert.Null(prediction.OutOfDomain);
        Assert.DoesNotContain("outOfDomain", prediction.ToJson());
        Assert.Equal(PredictionStatus.Confident, prediction.Status);
        var error = Assert.Throws<ModelLoadException>(() =>
            PackageCalibrator.Calibrate(package, ImageFolder.Load(GreyImages(_temp["data"], perLabel: 5)), 0.25, 1));
        Assert.Contains("features", error.Message);
    }

    [Fact]
    public void A_card_naming_a_missing_statistics_file_fails_at_load_naming_the_field()
    {
        var package = TinyOnnxModel.WritePackage(_temp["tiny"], features: true);
        PackageCalibrator.Calibrate(package, ImageFolder.Load(GreyImages(_temp["data"], perLabel: 10)), 0.25, 1);
        File.Delete(Path.Combine(package, OutOfDomainDetector.StatisticsFileName));

        var error = Assert.Throws<ModelLoadException>(() => ImageClassifier.Load(ModelPackage.Load(package)));

        Assert.Contains("outOfDomain.statistics", error.Message);
    }

    [Fact]
    public void The_cards_out_of_domain_section_and_baseline_survive_a_round_trip()
    {
        var card = ModelCard.Parse(File.ReadAllText(TinyOnnxModel.WritePackage(_temp["tiny"], features: true) + "/model.json")) with
        {
            OutOfDomain = new OutOfDomainCard { Method = "mahalanobis", Threshold = 1.25f, Statistics = "ood-statistics.bin", CalibratedQuantile = 0.95f },
            Baseline = new ModelBaseline
            {
                LabelShares = new Dictionary<string, float> { ["dark"] = 0.25f, ["bright"] = 0.75f },
                UncertainRate = 0.1f,
                OutOfDomainRate = 0.05f,
                MeanConfidence = 0.9f,
            },
        };

        var json = card.ToJson();
        var back = ModelCard.Parse(json);

        Assert.Equal(card.OutOfDomain, back.OutOfDomain);
        Assert.Equal(card.Baseline!.LabelShares, back.Baseline!.LabelShares);
        Assert.Equal((0.1f, 0.05f, 0.9f), (back.Baseline.UncertainRate, back.Baseline.OutOfDomainRate, back.Baseline.MeanConfidence));
        var section = JsonDocument.Parse(json).RootElement.GetProperty("outOfDomain");
        Assert.Equal("mahalanobis", section.GetProperty("method").GetString());
        Assert.Equal("ood-statistics.bin", section.GetProperty("statistics").GetString());
    }

    [Fact]
    public void Statistics_saved_and_loaded_score_exactly_as_fitted()
    {
        var random = new Random(5);
        // Three classes, each a positive vector with a peak of its own, plus a little noise.
        var labels = Enumerable.Range(0, 300).Select(i => i % 3).ToList();
        var features = labels.Select(label => Enumerable.Range(0, 16).Select(j => (j == label ? 3f : 1f) + (0.1f * (float)random.NextDouble())).ToArray()).ToList();
        var fitted = GaussianFitter.Fit(features, labels, classes: 3);
        fitted.Save(_temp["stats.bin"]);

        var loaded = GaussianStatistics.Load(_temp["stats.bin"]);
        // Direction is what counts (vectors are scaled to unit length): the samples are all positive, this one is not.
        var far = Enumerable.Range(0, 16).Select(i => i % 2 == 0 ? 1f : -1f).ToArray();

        Assert.Equal(fitted.NearestSquaredDistance(far), loaded.NearestSquaredDistance(far));
        Assert.True(loaded.NearestSquaredDistance(far) > 10 * loaded.NearestSquaredDistance(features[0]));
    }

    [Fact]
    public void A_damaged_statistics_file_is_a_load_error_not_a_crash()
    {
        File.WriteAllBytes(_temp["stats.bin"], [1, 2, 3, 4, 5]);

        var error = Assert.Throws<ModelLoadException>(() => GaussianStatistics.Load(_temp["stats.bin"]));

        Assert.Contains("statistics", error.Message);
    }

    private ModelPackage WithThreshold(string packageDirectory, float threshold)
    {
        var package = ModelPackage.Load(packageDirectory);
        return package with { Card = package.Card with { OutOfDomain = package.Card.OutOfDomain! with { Threshold = threshold } } };
    }

    /// <summary>Near-grey noise images: "dark" around 60, "bright" around 190, in an ImageFolder layout.</summary>
    internal static string GreyImages(string root, int perLabel)
    {
        var random = new Random(3);
        foreach (var (label, level) in new[] { ("dark", 60), ("bright", 190) })
        {
            Directory.CreateDirectory(Path.Combine(root, label));
            for (var i = 0; i < perLabel; i++)
                File.WriteAllBytes(Path.Combine(root, label, $"{i}.png"), TestImages.Encode(Noisy(random, level), SKEncodedImageFormat.Png));
        }
        return root;
    }

    private static RgbImage Noisy(Random random, int level)
    {
        var image = new RgbImage(8, 8);
        for (var p = 0; p < image.Pixels.Length; p += 3)
        {
            // Near-grey pixels: each channel wanders a little on its own, so a strong colour is what the statistics never saw.
            for (var c = 0; c < 3; c++)
                image.Pixels[p + c] = (byte)Math.Clamp(level + random.Next(-40, 41), 0, 255);
        }
        return image;
    }

    public void Dispose() => _temp.Dispose();
}
