using System.Text.Json;
using Classifier.Training;
using SkiaSharp;

namespace Classifier.Tests;

/// <summary>The real `classifier` command, run as a user runs it.</summary>
public sealed class CliTests : IDisposable
{
    private readonly TempFolder _temp = new();

    /// <summary>The real `classifier` command, piped and 200 columns wide.</summary>
    private static (int ExitCode, string Out, string Error) Run(params string[] args) =>
        CliRunner.Run(new Dictionary<string, string?> { ["COLUMNS"] = "200" }, null, args);

    [Fact]
    public void Predict_prints_one_json_object_per_file_in_the_api_shape()
    {
        var shoe = _temp["shoe.png"];
        var item = FashionMnist.Load(FashionMnist.DebianDirectory, "t10k").Items.First(i => i.Label == "Sneaker");
        File.WriteAllBytes(shoe, TestImages.Encode(item.Load(), SKEncodedImageFormat.Png));
        File.Copy(Fixture.Path("truncated.jpg"), _temp["broken.jpg"]);

        var (exit, output, _) = Run("predict", shoe, _temp["broken.jpg"], "--top", "2");

        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(2, lines.Count);
        Assert.Equal(2, lines[0].GetProperty("predictions").GetArrayLength());
        Assert.Contains(lines[0].GetProperty("status").GetString(), new[] { "confident", "uncertain" });
        Assert.True(lines[0].GetProperty("outOfDomain").GetProperty("score").GetDouble() < lines[0].GetProperty("outOfDomain").GetProperty("threshold").GetDouble());
        Assert.Equal("rejected", lines[1].GetProperty("status").GetString());
        Assert.Contains("truncated JPEG", lines[1].GetProperty("error").GetString());
        Assert.Equal(1, exit); // one file could not be classified
    }

    [Fact]
    public void Calibrate_adds_the_out_of_domain_section_to_a_package_with_features_and_explains_one_without()
    {
        var withFeatures = TinyOnnxModel.WritePackage(_temp["with"], features: true);
        var without = TinyOnnxModel.WritePackage(_temp["without"]);
        var data = OutOfDomainTests.GreyImages(_temp["data"], perLabel: 10);

        var (exit, output, _) = Run("calibrate", "--model", withFeatures, "--data", data);
        var (refused, said, error) = Run("calibrate", "--model", without, "--data", data);

        Assert.Equal(0, exit);
        Assert.Contains("threshold", output);
        var card = Classifier.Core.Model.ModelCard.Load(Path.Combine(withFeatures, "model.json"));
        Assert.Equal("mahalanobis", card.OutOfDomain!.Method);
        Assert.NotNull(card.Baseline);
        Assert.Equal(1, refused);
        Assert.Contains("features output", said + error);
        Assert.DoesNotContain("   at ", said + error);
    }

    [Fact]
    public void Train_refuses_a_size_the_backbone_cannot_take()
    {
        Directory.CreateDirectory(_temp["data"]);

        var (exit, output, error) = Run("train", "--data", _temp["data"], "--size", "300");

        Assert.NotEqual(0, exit);
        Assert.Contains("224", output + error);
    }

    [Fact]
    public void Train_writes_the_decode_it_trained_with_into_the_card_so_serving_decodes_the_same_way()
    {
        var data = OutOfDomainTests.GreyImages(_temp["data"], perLabel: 10);

        var (exit, output, error) = Run("train", "--data", data, "--decode", "exact", "--epochs", "5", "--out", _temp["exact"], "--cache", _temp["cache"]);

        Assert.True(exit == 0, output + error);
        Assert.Equal(Classifier.Core.Model.DecodeMode.Exact, Classifier.Core.Model.ModelCard.Load(Path.Combine(_temp["exact"], "model.json")).Decode);
        Assert.Contains("exact decode, as training did", File.ReadAllText(Path.Combine(_temp["exact"], "README.md")));
    }

    [Fact]
    public void Train_needs_exactly_one_data_source()
    {
        var (exit, output, error) = Run("train");

        Assert.NotEqual(0, exit);
        Assert.Contains("--data", output + error);
    }

    [Fact]
    public void A_misspelt_option_stops_the_command_instead_of_running_with_the_default()
    {
        var (exit, output, error) = Run("train", "--data", _temp["data"], "--epoch", "3");

        Assert.NotEqual(0, exit);
        Assert.Contains("epoch", output + error);
        Assert.DoesNotContain("features:", output + error); // refused before any work
        Assert.DoesNotContain("   at ", output + error);
    }

    [Fact]
    public void A_storage_setting_that_is_not_a_connection_string_names_the_setting()
    {
        var (exit, output, error) = CliRunner.Run(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = "garbage" }, null, "versions");

        Assert.Equal(1, exit);
        Assert.Contains("setting AzureWebJobsStorage is not a usable storage connection string (Settings must be of the form", output + error);
        Assert.DoesNotContain("   at ", output + error);
    }

    [Fact]
    public void A_missing_model_folder_is_one_readable_line_not_a_stack_trace()
    {
        var (exit, output, error) = Run("predict", "--model", _temp["nowhere"], Fixture.Path("photo.png"));

        Assert.Equal(1, exit);
        Assert.Contains("model folder not found", output + error);
        Assert.DoesNotContain("   at ", output + error);
    }

    [Fact]
    public void Check_given_the_onnx_file_instead_of_its_folder_asks_for_the_folder()
    {
        var package = TinyOnnxModel.WritePackage(_temp["bears"]);

        var (exit, output, error) = Run("check", "--model", Path.Combine(package, "model.onnx"));

        Assert.Equal(1, exit);
        var said = System.Text.RegularExpressions.Regex.Replace(output + error, @"\s+", " "); // unwrapped
        Assert.Contains("is a file: give the folder that holds model.onnx and model.json", said);
        Assert.DoesNotContain("   at ", output + error);
    }

    [Fact]
    public void Compare_decode_measures_fast_against_exact_and_checks_two_codecs_give_one_codecs_pixels()
    {
        var photos = _temp["photos"];
        Directory.CreateDirectory(photos);
        File.WriteAllBytes(Path.Combine(photos, "big.jpg"), TestImages.Picture(4, SKEncodedImageFormat.Jpeg, 1600));
        File.Copy(Fixture.Path("photo.jpg"), Path.Combine(photos, "small.jpg"));

        var (exit, output, error) = Run("compare-decode", "--images", photos);

        Assert.True(exit == 0, error + output);
        Assert.Contains("2 photos", output);
        Assert.Contains("1 of them decoded scaled", output);
        Assert.Matches(@"top-1 agreement fast vs exact: [0-2]/2", output);
        Assert.Contains("two codecs against one (each photo, exact and fast): 4/4 decodes identical", output);
    }

    [Fact]
    public void Bench_reports_every_stage_and_the_share_beside_inference()
    {
        var (exit, output, error) = Run("bench", "--runs", "3");

        Assert.True(exit == 0, error);
        foreach (var stage in new[] { "model load", "decode 500x500 JPEG", "the same decode with one codec", "resize to 224x224", "inference, batch 1", "inference, batch 8", "classify end to end" })
            Assert.Contains(stage, output);
        // Numbers are the machine's business; that they are numbers and a share is the command's.
        Assert.Matches(@"decode \+ resize \+ postprocess = \d+\.\d\d ms = \d+ ?% of inference", output);
        Assert.Matches(@"model load \d+\.\d\d s", output);
    }

    [Fact]
    public void Quantize_writes_an_int8_twin_of_a_users_model_that_predicts_like_the_float_one()
    {
        var package = TinyOnnxModel.WritePackage(_temp["tiny"]);
        foreach (var (label, level) in new[] { ("dark", 30), ("bright", 220) })
        {
            Directory.CreateDirectory(_temp[Path.Combine("data", label)]);
            for (var i = 0; i < 6; i++)
            {
                var grey = (byte)(level + (i * 5));
                File.WriteAllBytes(_temp[Path.Combine("data", label, $"{i}.png")], TestImages.Encode(TestImages.Solid(12, 12, grey, grey, grey), SKEncodedImageFormat.Png));
            }
        }
        File.WriteAllBytes(_temp["dim.png"], TestImages.Encode(TestImages.Solid(12, 12, 60, 50, 40), SKEncodedImageFormat.Png));
        File.WriteAllBytes(_temp["light.png"], TestImages.Encode(TestImages.Solid(12, 12, 200, 210, 190), SKEncodedImageFormat.Png));

        var (exit, output, error) = Run("quantize", "--model", package, "--data", _temp["data"], "--images", "8", "--gemm");

        Assert.True(exit == 0, output + error);
        Assert.True(File.Exists(Path.Combine(package, "model.int8.onnx")));
        Assert.True(File.Exists(Path.Combine(package, "calibration.json")));
        string[] Labels(params string[] extra)
        {
            var (code, lines, _) = Run(["predict", "--model", package, _temp["dim.png"], _temp["light.png"], .. extra]);
            Assert.Equal(0, code);
            return lines.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("label").GetString()!).ToArray();
        }
        Assert.Equal(["dark", "bright"], Labels());
        Assert.Equal(["dark", "bright"], Labels("--precision", "fp32"));
    }

    [Fact]
    public void An_unknown_precision_is_one_readable_line()
    {
        var (exit, output, error) = Run("predict", "--precision", "fp16", Fixture.Path("photo.png"));

        Assert.NotEqual(0, exit);
        Assert.Contains("fp16", output + error);
        Assert.DoesNotContain("   at ", output + error);
    }

    public void Dispose() => _temp.Dispose();
}
