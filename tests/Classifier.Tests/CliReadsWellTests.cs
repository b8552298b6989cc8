using Classifier.Core.Model;
using Classifier.Training;
using SkiaSharp;

namespace Classifier.Tests;

/// <summary>The CLI as a person meets it in a pipe or a log: complete lines, help that matches the files, a package check.</summary>
public sealed class CliReadsWellTests : IDisposable
{
    private readonly TempFolder _temp = new();

    private static readonly Dictionary<string, string?> Piped = [];

    /// <summary>Three dark and three bright images; one bright image is filed under "dark" so the tiny model gets it wrong.</summary>
    private string BrightnessData()
    {
        var root = _temp["data"];
        foreach (var (label, values) in new[] { ("dark", new byte[] { 5, 20, 35, 250 }), ("bright", new byte[] { 220, 235, 250 }) })
        {
            Directory.CreateDirectory(Path.Combine(root, label));
            foreach (var v in values)
                File.WriteAllBytes(Path.Combine(root, label, $"{label}-{v}.png"), TestImages.Encode(TestImages.Solid(12, 9, v, v, v), SKEncodedImageFormat.Png));
        }
        return root;
    }

    [Fact]
    public void Check_prints_what_it_found_in_a_good_package()
    {
        var package = TinyOnnxModel.WritePackage(_temp["tiny"]);

        var (exit, output, error) = CliRunner.Run(Piped, null, "check", "--model", package);

        Assert.True(exit == 0, output + error);
        Assert.Contains("card: tiny-brightness 0.0.1, 2 labels: dark, bright", output);
        Assert.Contains("inputs: input float [N, 3, 8, 8]", output);
        Assert.Contains("output 'logits' gives 2 scores (logits)", output);
        Assert.Contains("resize: crop: centre region scaled to 8x8, as fastai's Resize(8)", output);
        Assert.Matches(@"test inference: a generated 13x8 image: (dark|bright) \d\.\d{3}, (dark|bright) \d\.\d{3}", output);
        Assert.Contains("is ready to serve", output);
    }

    [Fact]
    public void Check_says_when_a_card_claims_logits_but_the_model_already_gives_probabilities()
    {
        var package = TinyOnnxModel.WritePackage(_temp["tiny"]);
        var cardPath = Path.Combine(package, ModelPackage.CardFileName);
        var card = ModelCard.Load(cardPath);
        File.WriteAllText(cardPath, (card with { Output = card.Output with { Kind = OutputKind.Probabilities } }).ToJson());

        var (exit, output, _) = CliRunner.Run(Piped, null, "check", "--model", package);

        Assert.Equal(0, exit);
        Assert.Contains("warning: output.kind is \"probabilities\" but 'logits' gives values that do not sum to 1", output);
    }

    [Theory]
    [InlineData("\"resize\": \"crop\"", "\"resize\": \"squash\"", "field 'resize' must be one of squish, crop, pad, random-resized-crop (got \"squash\"); did you mean 'squish'?")]
    [InlineData("\"minConfidence\"", "\"minConfidense\"", "field 'minConfidense' is not a card field; did you mean 'minConfidence'?")]
    public void Check_refuses_a_bad_card_in_one_line_naming_the_field(string find, string replace, string message)
    {
        var package = TinyOnnxModel.WritePackage(_temp["tiny"]);
        var cardPath = Path.Combine(package, ModelPackage.CardFileName);
        File.WriteAllText(cardPath, File.ReadAllText(cardPath).Replace(find, replace));

        var (exit, output, error) = CliRunner.Run(Piped, null, "check", "--model", package);

        Assert.Equal(1, exit);
        var lines = (output + error).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.Contains(message, lines[0]);
        Assert.Matches(@"model\.json, line \d+: ", lines[0]);
    }

    [Fact]
    public void Evaluate_in_a_pipe_prints_complete_lines_lists_only_wrong_predictions_and_writes_the_files_its_help_names()
    {
        var package = TinyOnnxModel.WritePackage(_temp["tiny"]);
        var data = BrightnessData();
        var outDir = _temp["report"];

        var (exit, output, error) = CliRunner.Run(Piped, null, "evaluate", "--model", package, "--data", data, "--out", outDir);
        var (_, help, _) = CliRunner.Run(Piped, null, "evaluate", "--help");

        Assert.True(exit == 0, output + error);
        // Progress: one complete line for the stage, no partial percentages.
        Assert.Contains("evaluating data: 7/7 images", output);
        Assert.DoesNotMatch(@"\d+%", output.Split("accuracy")[0]);
        // The long explanation stays on one line: nothing is wrapped at 80 columns in a pipe.
        Assert.Contains($"top losses: {TopLoss.Explanation}", output);
        // Top losses: only the one wrong image, with its cross-entropy loss.
        var reportText = File.ReadAllText(Path.Combine(outDir, "evaluation.md"));
        Assert.Contains("dark-250.png", reportText);
        foreach (var right in new[] { "dark-5.png", "dark-20.png", "dark-35.png", "bright-220.png", "bright-235.png", "bright-250.png" })
        {
            Assert.DoesNotContain(right, reportText);
            Assert.DoesNotContain(right, output);
        }
        // Help names the files that are written.
        foreach (var file in new[] { "evaluation.md", "test-confusion-matrix.png" })
        {
            Assert.Contains(file, help);
            Assert.True(File.Exists(Path.Combine(outDir, file)), $"{file} was not written");
        }
    }

    [Fact]
    public void Train_names_the_model_after_the_output_folder_and_caches_features_in_the_users_cache()
    {
        var data = BrightnessData();
        var work = _temp["work"];
        var cache = _temp["xdg-cache"];
        Directory.CreateDirectory(work);
        var env = new Dictionary<string, string?> { ["XDG_CACHE_HOME"] = cache };

        var (exit, output, error) = CliRunner.Run(env, work, "train", "--data", data, "--out", Path.Combine(_temp["models"], "bears"),
            "--valid-pct", "0.3", "--epochs", "5", "--l2", "0.001", "--resize", "pad");

        Assert.True(exit == 0, output + error);
        Assert.Equal("bears", ModelCard.Load(Path.Combine(_temp["models"], "bears", ModelPackage.CardFileName)).Name);
        Assert.Equal(PadMode.Reflection, ModelCard.Load(Path.Combine(_temp["models"], "bears", ModelPackage.CardFileName)).PadMode);
        // Its model page, for the site's /model/ page when the package is served.
        Assert.StartsWith("# Model card: bears 1.0.0", File.ReadAllText(Path.Combine(_temp["models"], "bears", ModelPackage.ReadmeFileName)));
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(cache, "classifier", "features"), "*.bin"));
        Assert.Empty(Directory.GetFileSystemEntries(work)); // nothing written into the current folder
        Assert.Matches(@"features: training images: \d/\d images", output);
        Assert.Matches(@"features: validation images: \d/\d images", output);
    }

    [Fact]
    public void Train_refuses_a_resize_the_card_does_not_know_listing_the_allowed_ones()
    {
        var (exit, output, error) = CliRunner.Run(Piped, null, "train", "--data", _temp.Path, "--resize", "Squish");

        Assert.NotEqual(0, exit);
        Assert.Contains("--resize Squish: use one of squish, crop, pad, random-resized-crop", output + error);
    }

    public void Dispose() => _temp.Dispose();
}
