using Classifier.Core.Model;
using Pipeline.Tests.Fixtures;

namespace Pipeline.Tests.Packages;

/// <summary>
/// The real `classifier` command against a real Azurite: check refuses what cannot be served, naming the
/// file; publish uploads a checked package once and refuses to change it; versions lists what is there.
/// </summary>
public sealed class PublishCommandTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private (int ExitCode, string Output) Run(params string[] args)
    {
        var (exitCode, output, error) = CliRunner.Run(
            new Dictionary<string, string?> { ["AzureWebJobsStorage"] = azurite.ConnectionString }, null, args);
        return (exitCode, output + error);
    }

    [Fact]
    public void Publish_uploads_a_version_once_refuses_other_content_under_it_and_versions_lists_it()
    {
        using var folder = PackageFolder.FromBuiltIn("sneakers", "1.0.0");

        var first = Run("publish", "--model", folder.Path, "--container", "models-cli");
        Assert.True(first.ExitCode == 0, first.Output);
        Assert.Contains("published sneakers@1.0.0 to models-cli/sneakers/1.0.0/: 3 files", first.Output);

        var again = Run("publish", "--model", folder.Path, "--container", "models-cli");
        Assert.True(again.ExitCode == 0, again.Output);
        Assert.Contains("sneakers@1.0.0 is already published with this content", again.Output);

        File.WriteAllText(folder["README.md"], "# Sneakers\n");
        var changed = Run("publish", "--model", folder.Path, "--container", "models-cli");
        Assert.Equal(1, changed.ExitCode);
        Assert.Contains("error: sneakers@1.0.0 is already published with other content (README.md is new): published versions never change", changed.Output);

        var versions = Run("versions", "--container", "models-cli");
        Assert.True(versions.ExitCode == 0, versions.Output);
        var lines = versions.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("fashion-resnet18@2.0.0  built-in", lines[0]);
        Assert.StartsWith("sneakers@1.0.0  models-cli/sneakers/1.0.0/  ", lines[1]);
    }

    [Fact]
    public async Task Versions_shows_a_publish_that_did_not_finish_as_incomplete()
    {
        using var folder = PackageFolder.FromBuiltIn("sandals", "3.1.0");
        var container = azurite.Blobs.GetBlobContainerClient("models-cli-half");
        await container.CreateIfNotExistsAsync();
        await container.GetBlobClient("sandals/3.1.0/model.json").UploadAsync(folder[ModelPackage.CardFileName]);

        var versions = Run("versions", "--container", "models-cli-half");

        Assert.Contains("sandals@3.1.0  models-cli-half/sandals/3.1.0/  incomplete: no manifest.json, cannot be served", versions.Output);
    }

    [Fact]
    public void Check_and_publish_refuse_a_model_without_its_card_naming_the_card()
    {
        using var folder = PackageFolder.FromBuiltIn("boots", "1.0.0");
        File.Delete(folder[ModelPackage.CardFileName]);

        foreach (var verb in new[] { "check", "publish" })
        {
            var refused = verb == "publish" ? Run(verb, "--model", folder.Path, "--container", "models-cli-nocard") : Run(verb, "--model", folder.Path); // check has no container
            Assert.Equal(1, refused.ExitCode);
            Assert.Contains($"error: {folder.Path} has model.onnx but no model.json (the model card): a model is never served without its card", refused.Output);
        }
        Assert.False(azurite.Blobs.GetBlobContainerClient("models-cli-nocard").Exists().Value);
    }

    [Fact]
    public void A_stale_int8_twin_is_refused_by_check_and_publish_naming_the_file_and_a_fresh_one_is_reported()
    {
        using var folder = PackageFolder.FromBuiltIn("shirts", "1.0.0");
        using var data = ExampleImagesAsData();
        var quantize = Run("quantize", "--model", folder.Path, "--data", data.Path, "--images", "10");
        Assert.True(quantize.ExitCode == 0, quantize.Output);
        var fresh = Run("check", "--model", folder.Path);
        Assert.True(fresh.ExitCode == 0, fresh.Output);
        Assert.Contains("model.int8.onnx and ood-statistics.bin made from this model.onnx", fresh.Output);

        // A retrained model.onnx lands in the folder; the twin beside it is still the old model's.
        var retrained = Onnx.ModelProto.Parser.ParseFrom(File.ReadAllBytes(folder[ModelPackage.OnnxFileName]));
        retrained.DocString = "retrained";
        File.WriteAllBytes(folder[ModelPackage.OnnxFileName], Google.Protobuf.MessageExtensions.ToByteArray(retrained));
        var card = folder.Card;
        folder.WriteCard(card with { OutOfDomain = card.OutOfDomain! with { ModelSha256 = FileHash.Sha256(folder[ModelPackage.OnnxFileName]) } });

        foreach (var verb in new[] { "check", "publish" })
        {
            var refused = verb == "publish" ? Run(verb, "--model", folder.Path, "--container", "models-cli-stale") : Run(verb, "--model", folder.Path); // check has no container
            Assert.Equal(1, refused.ExitCode);
            Assert.Contains("model.int8.onnx was made from another model.onnx", refused.Output);
            Assert.Contains($"run `classifier quantize --model {folder.Path}` again, or delete it", refused.Output);
        }
    }

    /// <summary>The site's example pictures, one per Fashion-MNIST label, as a folder per label.</summary>
    private static PackageFolder ExampleImagesAsData()
    {
        var data = PackageFolder.Empty();
        foreach (var image in Directory.GetFiles(Path.Combine(RepoPaths.SiteAssets, "examples"), "*.png"))
        {
            var label = Directory.CreateDirectory(data[Path.GetFileNameWithoutExtension(image)]);
            File.Copy(image, Path.Combine(label.FullName, "1.png"));
        }
        return data;
    }
}
