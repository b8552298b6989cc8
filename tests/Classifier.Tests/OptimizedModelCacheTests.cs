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
    private ModelPackage PrivateCopy(string folder = "package")
    {
        var source = DefaultModelPackage.Ensure();
        Directory.CreateDirectory(_temp[folder]);
        foreach (var file in Directory.GetFiles(source.Directory))
        {
            var name = Path.GetFileName(file);
            var target = Path.Combine(_temp[folder], name);
            if (name == ModelPackage.OnnxFileName)
                File.CreateSymbolicLink(target, file);
            else if (name is ModelPackage.CardFileName or ModelPackage.Int8OnnxFileName || name.EndsWith(".bin", StringComparison.Ordinal))
                File.Copy(file, target);
        }
        return ModelPackage.Load(_temp[folder]);
    }

    private string CacheFolder => _temp["cache"];

    private ClassifierOptions Options => new() { IntraOpThreads = 1, MaxBatch = 0, OptimizedModelCacheFolder = CacheFolder };

    /// <summary>The one optimised graph in the cache folder (its stamp file beside it).</summary>
    private string CachedPath => Assert.Single(Directory.GetFiles(CacheFolder, "*" + OptimizedModelCache.Suffix));

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

        List<Prediction> original;
        using (var first = ImageClassifier.Load(package, Options))
            original = Classify(first);
        Assert.True(File.Exists(CachedPath + OptimizedModelCache.StampSuffix));
        Assert.Empty(Directory.GetFiles(package.Directory, "*" + OptimizedModelCache.Suffix)); // never beside the model
        var written = File.GetLastWriteTimeUtc(CachedPath);

        using var second = ImageClassifier.Load(package, Options);

        Assert.Equal(written, File.GetLastWriteTimeUtc(CachedPath)); // opened, not written again
        AssertSame(original, Classify(second));
        Assert.Empty(Directory.GetFiles(CacheFolder, "*.tmp"));
    }

    [Fact]
    public void The_stamp_is_the_files_content_not_its_place_or_time_and_another_model_gets_another_entry()
    {
        List<Prediction> original;
        using (var first = ImageClassifier.Load(PrivateCopy("first"), Options))
            original = Classify(first);
        var cached = CachedPath;
        var written = File.GetLastWriteTimeUtc(cached);

        // The same bytes, copied later into another folder (another path, another write time): the same entry.
        using (var copy = ImageClassifier.Load(PrivateCopy("copy"), Options))
            AssertSame(original, Classify(copy));
        Assert.Equal(cached, CachedPath);
        Assert.Equal(written, File.GetLastWriteTimeUtc(cached));

        // Another model (the fp32 one) gets an entry of its own; the first one's is left as it was.
        using (ImageClassifier.Load(PrivateCopy("fp32"), Options with { Precision = ModelPrecision.Fp32 }))
        {
        }
        Assert.Equal(2, Directory.GetFiles(CacheFolder, "*" + OptimizedModelCache.Suffix).Length);
        Assert.Equal(written, File.GetLastWriteTimeUtc(cached));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // Unix modes and owners
    public void A_cache_folder_others_may_write_or_that_is_a_link_is_never_used_and_the_model_still_loads()
    {
        var package = PrivateCopy();
        List<Prediction> expected;
        using (var reference = ImageClassifier.Load(package, Options))
            expected = Classify(reference);

        var shared = _temp["shared"];
        Directory.CreateDirectory(shared);
        File.SetUnixFileMode(shared, (UnixFileMode)0x1FF); // rwxrwxrwx, as a folder in /tmp that someone else made might be
        using (var fromShared = ImageClassifier.Load(package, Options with { OptimizedModelCacheFolder = shared }))
            AssertSame(expected, Classify(fromShared));
        Assert.Empty(Directory.GetFiles(shared));

        var link = _temp["link"];
        Directory.CreateSymbolicLink(link, CacheFolder);
        Assert.Null(OptimizedModelCache.Prepare(link));
        Assert.NotNull(OptimizedModelCache.Prepare(CacheFolder));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // Unix modes and owners
    public void The_default_folder_is_this_users_own_with_mode_0700()
    {
        var folder = OptimizedModelCache.UserFolder();

        Assert.NotNull(folder);
        Assert.False(folder.StartsWith(Path.Combine(Path.GetTempPath(), "classifier-ort-cache"), StringComparison.Ordinal)); // the old shared folder
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        Assert.True(folder.StartsWith(home, StringComparison.Ordinal) || folder.Contains($"-{UnixOwner.EffectiveUserId()}", StringComparison.Ordinal), folder);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(folder));
        Assert.True(UnixOwner.IsMine(folder));
    }

    [Fact]
    public void A_damaged_or_outdated_cache_file_is_replaced_and_predictions_stay_right()
    {
        var package = PrivateCopy();
        var options = Options;
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
