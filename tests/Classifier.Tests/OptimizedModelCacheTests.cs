using Classifier.Core.DefaultModel;
using Classifier.Core.Inference;
using Classifier.Core.Model;
using SkiaSharp;

namespace Classifier.Tests;

/// <summary>
/// A served model's optimised graph is saved on its first load and opened on later ones: the later loads
/// must answer exactly as the first, and a damaged or outdated file must never be served.
/// </summary>
[Collection(DefaultModelCollection.Name)]
public sealed class OptimizedModelCacheTests(DefaultModelFixture model) : IDisposable
{
    private readonly TempFolder _temp = new();

    /// <summary>The default package's card, statistics and int8 model in a folder of the test's own (model.onnx linked, not copied).</summary>
    private ModelPackage PrivateCopy()
    {
        var source = DefaultModelPackage.Ensure();
        foreach (var file in Directory.GetFiles(source.Directory))
        {
            var name = Path.GetFileName(file);
            if (name == ModelPackage.OnnxFileName)
                File.CreateSymbolicLink(_temp[name], file);
            else if (name is ModelPackage.CardFileName or ModelPackage.Int8OnnxFileName || name.EndsWith(".bin", StringComparison.Ordinal))
                File.Copy(file, _temp[name]);
        }
        return ModelPackage.Load(_temp.Path);
    }

    private string CachedPath => _temp["model.int8" + OptimizedModelCache.Suffix];

    private List<Prediction> Classify(ImageClassifier classifier) =>
        model.TestSet.Items.Skip(2000).Take(24)
            .Select(item => classifier.Classify(TestImages.Encode(item.Load(), SKEncodedImageFormat.Png)))
            .ToList();

    private static void AssertSame(List<Prediction> expected, List<Prediction> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Label, actual[i].Label);
            Assert.Equal(expected[i].Status, actual[i].Status);
            Assert.Equal(expected[i].Predictions.Select(p => p.Probability), actual[i].Predictions.Select(p => p.Probability));
            Assert.Equal(expected[i].OutOfDomain?.Score, actual[i].OutOfDomain?.Score);
        }
    }

    [Fact]
    public void The_first_load_saves_the_optimised_graph_and_a_load_from_it_predicts_exactly_the_same()
    {
        var package = PrivateCopy();
        var options = new ClassifierOptions { IntraOpThreads = 1, MaxBatch = 0 };

        List<Prediction> original;
        using (var first = ImageClassifier.Load(package, options))
            original = Classify(first);
        Assert.True(File.Exists(CachedPath), "the optimised graph is saved beside the model");
        Assert.True(File.Exists(CachedPath + OptimizedModelCache.StampSuffix));
        var written = File.GetLastWriteTimeUtc(CachedPath);

        using var second = ImageClassifier.Load(package, options);

        Assert.Equal(written, File.GetLastWriteTimeUtc(CachedPath)); // opened, not written again
        AssertSame(original, Classify(second));
        Assert.Empty(Directory.GetFiles(_temp.Path, "*.tmp"));
    }

    [Fact]
    public void A_damaged_or_outdated_cache_file_is_replaced_and_predictions_stay_right()
    {
        var package = PrivateCopy();
        var options = new ClassifierOptions { IntraOpThreads = 1, MaxBatch = 0 };
        List<Prediction> original;
        using (var first = ImageClassifier.Load(package, options))
            original = Classify(first);

        // Damaged, with a stamp that still matches: ONNX Runtime refuses it, the original is loaded instead.
        File.WriteAllText(CachedPath, "not a model");
        using (var afterDamage = ImageClassifier.Load(package, options))
            AssertSame(original, Classify(afterDamage));
        Assert.True(new FileInfo(CachedPath).Length > 1_000_000, "the damaged file is written again");

        // A stamp from another model (or runtime, or machine): the file is not used, and is rewritten.
        File.WriteAllText(CachedPath + OptimizedModelCache.StampSuffix, "another model");
        using (var afterNewModel = ImageClassifier.Load(package, options))
            AssertSame(original, Classify(afterNewModel));
        Assert.NotEqual("another model", File.ReadAllText(CachedPath + OptimizedModelCache.StampSuffix));
    }

    public void Dispose() => _temp.Dispose();
}
