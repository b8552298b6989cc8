using Classifier.Core.Imaging;
using Classifier.Core.Inference;
using Classifier.Core.Model;
using Classifier.Training;
using SkiaSharp;

namespace Classifier.Tests;

public sealed class TrainingTests : IDisposable
{
    private readonly TempFolder _temp = new();

    [Fact]
    public void The_same_seed_gives_the_same_validation_set()
    {
        var items = Enumerable.Range(0, 100).ToList();

        var first = DataSplit.Random(items, 0.2, seed: 42);
        var again = DataSplit.Random(items, 0.2, seed: 42);
        var other = DataSplit.Random(items, 0.2, seed: 7);

        Assert.Equal(first.Valid, again.Valid);
        Assert.NotEqual(first.Valid, other.Valid);
        Assert.Equal(20, first.Valid.Count);
        Assert.Empty(first.Train.Intersect(first.Valid));
        Assert.Equal(100, first.Train.Concat(first.Valid).Distinct().Count());
    }

    [Fact]
    public void Augmented_variants_are_reproducible_and_differ_from_each_other()
    {
        var image = ImageDecoder.Decode(Fixture.Bytes("resize-source.png"));

        var a = Augmenter.Variant(image, "cat/1.jpg", 1, 42);
        var b = Augmenter.Variant(image, "cat/1.jpg", 1, 42);
        var c = Augmenter.Variant(image, "cat/1.jpg", 2, 42);

        Assert.Equal(a.Pixels, b.Pixels);
        Assert.NotEqual(a.Pixels, c.Pixels);
    }

    [Fact]
    public void The_feature_cache_survives_a_restart_and_a_torn_last_record()
    {
        var path = _temp["features.bin"];
        using (var cache = new FeatureCache(path))
        {
            cache.Add("a", [1f, 2f]);
            cache.Add("b", [3f, 4f]);
        }
        File.AppendAllText(path, "\u0005tor"); // a crash in the middle of a record

        using (var reopened = new FeatureCache(path))
        {
            Assert.True(reopened.TryGet("b", out var b));
            Assert.Equal([3f, 4f], b);
            reopened.Add("c", [5f, 6f]);
        }

        using var third = new FeatureCache(path);
        Assert.Equal(3, third.Count);
    }

    /// <summary>Two visually distinct classes drawn on the fly: warm discs and cool bars, with varied size and place.</summary>
    private static string MakeTwoClassFolder(string root, int perClass)
    {
        var random = new Random(1);
        foreach (var label in new[] { "discs", "bars" })
        {
            Directory.CreateDirectory(Path.Combine(root, label));
            for (var i = 0; i < perClass; i++)
            {
                using var bitmap = new SKBitmap(64 + random.Next(40), 64 + random.Next(40));
                using var canvas = new SKCanvas(bitmap);
                canvas.Clear(new SKColor((byte)random.Next(200, 255), (byte)random.Next(200, 255), (byte)random.Next(200, 255)));
                using var paint = new SKPaint { IsAntialias = true };
                if (label == "discs")
                {
                    paint.Color = new SKColor((byte)random.Next(180, 255), (byte)random.Next(0, 80), 0);
                    canvas.DrawCircle(bitmap.Width / 2f, bitmap.Height / 2f, 12 + random.Next(15), paint);
                }
                else
                {
                    paint.Color = new SKColor(0, (byte)random.Next(0, 80), (byte)random.Next(180, 255));
                    canvas.DrawRect(random.Next(10), 5, bitmap.Width - 20, 10 + random.Next(10), paint);
                }
                using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
                File.WriteAllBytes(Path.Combine(root, label, $"{i}.png"), data.ToArray());
            }
        }
        File.WriteAllText(Path.Combine(root, "bars", "broken.png"), "not really a png");
        return root;
    }

    private sealed class NoProgress : ITrainingProgress
    {
        public IProgress<int> Stage(string name, int total, ProgressUnit unit) => new Progress<int>();
    }

    [Fact]
    public void Training_on_a_small_two_class_set_separates_it_and_writes_a_usable_package()
    {
        var data = ImageFolder.Load(MakeTwoClassFolder(_temp["data"], perClass: 12));
        using var extractor = FeatureExtractor.Open();
        var pipeline = new FeaturePipeline(extractor, ResizeMethod.Pad, seed: 42);
        var options = new TrainOptions { ValidPct = 0.25, Augment = 1, Epochs = 40, L2Grid = [1e-4, 1e-2] };

        var result = Trainer.Train(data, pipeline, kind => new FeatureCache(_temp[$"cache-{kind}.bin"]), options, new NoProgress());

        Assert.Equal(1.0, result.Validation.Accuracy);
        Assert.Single(result.Skipped); // the broken file is reported, not fatal
        Assert.Contains("broken.png", result.Skipped[0].Item.Id);

        var card = new ModelCard
        {
            Name = "shapes",
            Version = "1.0.0",
            Labels = data.Labels,
            Input = FeatureExtractor.Input,
            Output = new ModelOutput { Name = "probabilities", Kind = OutputKind.Probabilities, Features = "features" },
            Resize = ResizeMethod.Pad,
        };
        var package = PackageWriter.Write(_temp["model"], card, result.Head, result.OutOfDomain);
        new TrainingReport(card, result, options, data).Write(package.Directory);
        using var classifier = ImageClassifier.Load(package);
        var unseen = data.Items.First(i => i.Label == "discs").Load();

        var prediction = classifier.Classify(TestImages.Encode(unseen, SKEncodedImageFormat.Jpeg));

        Assert.Equal("discs", prediction.Label);
        // Training wrote the out-of-domain statistics, threshold and drift baseline, and serving uses them.
        // The statistics record the model they were measured on.
        Assert.Equal(result.OutOfDomain.Card with { ModelSha256 = FileHash.Sha256(package.OnnxPath) }, package.Card.OutOfDomain);
        Assert.True(File.Exists(Path.Combine(package.Directory, package.Card.OutOfDomain!.Statistics!)));
        Assert.Equal(1f, package.Card.Baseline!.LabelShares.Values.Sum(), 3);
        Assert.Equal(package.Card.OutOfDomain.Threshold, prediction.OutOfDomain!.Threshold);
        var photo = classifier.Classify(Fixture.Bytes("astronaut.jpg"));
        Assert.True(photo.OutOfDomain!.Score > prediction.OutOfDomain.Score);
        Assert.True(File.Exists(Path.Combine(package.Directory, TrainingReport.MatrixFileName)));
        Assert.Contains("Top losses", File.ReadAllText(Path.Combine(package.Directory, TrainingReport.FileName)));
        ModelPageHasEachPartWithTheMeasuredFigures(package, result, options, data);
    }

    /// <summary>The package's README.md (its /model/ page): data, accuracy, per-class figures, confusion matrix, out-of-domain figures, as measured.</summary>
    private static void ModelPageHasEachPartWithTheMeasuredFigures(ModelPackage package, TrainResult result, TrainOptions options, Dataset data)
    {
        new ModelReadme(package.Card, result, options, data).Write(package.Directory);
        var readme = File.ReadAllText(Path.Combine(package.Directory, ModelPackage.ReadmeFileName));
        string Text(FormattableString s) => FormattableString.Invariant(s);

        Assert.StartsWith("# Model card: shapes 1.0.0", readme);
        foreach (var part in new[] { "## Data", "## Accuracy on the validation images", "## Out-of-domain score", "## Where it will do badly" })
            Assert.Contains(part, readme);
        Assert.Contains(Text($"{data.Name}: {data.Items.Count} images, 2 labels. Held out for validation: {result.Split.Valid.Count} images"), readme);
        foreach (var label in data.Labels)
        {
            var all = data.Items.Count(i => i.Label == label);
            Assert.Contains(Text($"| {label} | {all} | {result.Split.Valid.Count(i => i.Label == label)} |"), readme);
        }
        Assert.Contains(Text($"**Accuracy {result.Validation.Accuracy:P2}** on {result.Validation.Count} held-out images"), readme);
        foreach (var c in result.Validation.PerClass)
            Assert.Contains(Text($"| {c.Label} | {ClassMetrics.Percent(c.Precision)} | {ClassMetrics.Percent(c.Recall)} | {c.Support} |"), readme);
        for (var r = 0; r < data.Labels.Count; r++)
            Assert.Contains($"| {data.Labels[r]} | " + string.Join(" | ", result.Validation.Confusion[r]) + " |", readme);
        Assert.Contains($"![Confusion matrix]({TrainingReport.MatrixFileName})", readme);
        var ood = package.Card.OutOfDomain!;
        Assert.Contains(Text($"| {ood.Threshold:0.####} |"), readme);
        Assert.Contains(Text($"| `out-of-domain` | {package.Card.Baseline!.OutOfDomainRate:P1} |"), readme);
        Assert.Contains(Text($"| `uncertain` (under minConfidence) | {package.Card.Baseline.UncertainRate:P1} |"), readme);
        Assert.Contains(Text($"fitted on the {result.Split.Train.Count(i => !i.Id.Contains("broken.png"))} readable training images"), readme);
        Assert.Contains("1 file was not readable", readme);
    }

    [Fact]
    public void Taking_per_label_keeps_the_first_images_of_each_label_in_order()
    {
        var items = new[] { "a", "b", "a", "a", "b", "c" }.Select((label, i) => new LabeledImage($"{i}", label, () => new RgbImage(1, 1))).ToList();
        var data = new Dataset("letters", ["a", "b", "c"], items);

        var small = data.TakePerLabel(2);

        Assert.Equal(["0", "1", "2", "4", "5"], small.Items.Select(i => i.Id));
    }

    [Fact]
    public void An_image_folder_needs_at_least_two_labels()
    {
        Directory.CreateDirectory(Path.Combine(_temp["one"], "only"));
        var error = Assert.Throws<InvalidDataException>(() => ImageFolder.Load(_temp["one"]));
        Assert.Contains("at least two subfolders", error.Message);
    }

    public void Dispose() => _temp.Dispose();
}
