using Classifier.Core.DefaultModel;
using Classifier.Core.Inference.OutOfDomain;
using Classifier.Core.Model;

namespace Classifier.Tests;

/// <summary>The built-in package: merged once, reused while its stamp matches the head, merged again when the head changes.</summary>
public sealed class DefaultModelPackageTests : IDisposable
{
    private readonly TempFolder _temp = new();

    private string CopyOfBuiltPackage(params string[] files)
    {
        var built = DefaultModelPackage.Ensure();
        var copy = _temp["published"];
        Directory.CreateDirectory(copy);
        foreach (var file in files)
            File.Copy(Path.Combine(built.Directory, file), Path.Combine(copy, file));
        return copy;
    }

    [Fact]
    public void A_published_package_with_a_matching_stamp_is_used_as_is()
    {
        var published = CopyOfBuiltPackage(ModelPackage.OnnxFileName, ModelPackage.OnnxFileName + DefaultModelPackage.StampSuffix,
            ModelPackage.CardFileName, LinearHead.FileName, OutOfDomainDetector.StatisticsFileName);
        var written = File.GetLastWriteTimeUtc(Path.Combine(published, ModelPackage.OnnxFileName));

        var package = DefaultModelPackage.Ensure(published);

        Assert.Equal(published, package.Directory);
        Assert.Equal(written, File.GetLastWriteTimeUtc(package.OnnxPath));
    }

    [Fact]
    public void A_changed_head_is_merged_again()
    {
        var published = CopyOfBuiltPackage(ModelPackage.OnnxFileName, ModelPackage.CardFileName, LinearHead.FileName, OutOfDomainDetector.StatisticsFileName);
        File.WriteAllText(Path.Combine(published, ModelPackage.OnnxFileName + DefaultModelPackage.StampSuffix), "an older head");

        var package = DefaultModelPackage.Ensure(published);

        Assert.NotEqual("an older head", File.ReadAllText(package.OnnxPath + DefaultModelPackage.StampSuffix));
        Assert.True(new FileInfo(package.OnnxPath).Length > 40_000_000);
    }

    [Fact]
    public void Missing_head_or_card_is_a_model_load_error()
    {
        Directory.CreateDirectory(_temp["nothing"]);
        var error = Assert.Throws<ModelLoadException>(() => DefaultModelPackage.Ensure(_temp["nothing"]));
        Assert.Contains("head.json", error.Message);
    }

    public void Dispose() => _temp.Dispose();
}
