using Classifier.Core.DefaultModel;
using Classifier.Core.Inference;
using Classifier.Core.Model;
using Classifier.Core.Quantization;
using Microsoft.ML.OnnxRuntime;
using Onnx;
using SkiaSharp;

namespace Classifier.Tests;

/// <summary>The int8 default model: built beside the float one, served by default, agreeing with it, and fused by ONNX Runtime.</summary>
[Collection(DefaultModelCollection.Name)]
public sealed class QuantizationTests(DefaultModelFixture model) : IDisposable
{
    private readonly TempFolder _temp = new();

    [Fact]
    public void The_default_package_serves_its_int8_twin_unless_fp32_is_asked_for()
    {
        var package = DefaultModelPackage.Ensure();

        Assert.True(package.HasInt8);
        Assert.Equal(package.Int8OnnxPath, model.Classifier.OnnxPath);
        using var fp32 = ImageClassifier.Load(package, new ClassifierOptions { Precision = ModelPrecision.Fp32 });
        Assert.Equal(package.OnnxPath, fp32.OnnxPath);
        // int8 weights: about a quarter of the float file.
        Assert.True(new FileInfo(package.Int8OnnxPath).Length * 3 < new FileInfo(package.OnnxPath).Length);
    }

    [Fact]
    public void Int8_and_fp32_agree_on_real_test_images()
    {
        using var fp32 = ImageClassifier.Load(DefaultModelPackage.Ensure(), new ClassifierOptions { Precision = ModelPrecision.Fp32 });
        var items = model.TestSet.Items.Skip(1000).Take(100).ToList();

        var pairs = items.Select(i => TestImages.Encode(i.Load(), SKEncodedImageFormat.Png))
            .Select(png => (Int8: model.Classifier.Classify(png), Fp32: fp32.Classify(png))).ToList();

        var agreement = pairs.Count(p => p.Int8.Label == p.Fp32.Label) / (double)pairs.Count;
        Assert.True(agreement >= 0.95, $"int8 and fp32 agree on {agreement:P0} of 100 images");
        var meanGap = pairs.Average(p => Math.Abs(p.Int8.Confidence - p.Fp32.Predictions.First(l => l.Label == p.Int8.Label).Probability));
        Assert.True(meanGap < 0.05, $"mean confidence gap {meanGap:0.000}");
    }

    [Fact]
    public void Onnx_runtime_runs_the_int8_model_as_quantized_convolutions()
    {
        var optimized = _temp["optimized.onnx"];
        using (var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL, OptimizedModelFilePath = optimized })
        using (new InferenceSession(DefaultModelPackage.Ensure().Int8OnnxPath, options))
        {
        }

        var ops = ModelProto.Parser.ParseFrom(File.ReadAllBytes(optimized)).Graph.Node.GroupBy(n => n.OpType).ToDictionary(g => g.Key, g => g.Count());
        Assert.True(ops.GetValueOrDefault("QLinearConv") >= 20, string.Join(", ", ops.Select(o => $"{o.Key}:{o.Value}")));
        Assert.False(ops.ContainsKey("Conv") || ops.ContainsKey("FusedConv"), "every convolution should run in int8");
    }

    [Fact]
    public void Changed_ranges_rebuild_the_int8_twin()
    {
        var built = DefaultModelPackage.Ensure();
        var copy = _temp["package"];
        Directory.CreateDirectory(copy);
        foreach (var file in new[] { ModelPackage.OnnxFileName, ModelPackage.OnnxFileName + DefaultModelPackage.StampSuffix, ModelPackage.CardFileName,
            LinearHead.FileName, ActivationRanges.FileName, ModelPackage.Int8OnnxFileName, ModelPackage.Int8OnnxFileName + DefaultModelPackage.StampSuffix,
            Classifier.Core.Inference.OutOfDomain.OutOfDomainDetector.StatisticsFileName })
            File.Copy(Path.Combine(built.Directory, file), Path.Combine(copy, file));
        var stamp = File.ReadAllText(Path.Combine(copy, ModelPackage.Int8OnnxFileName + DefaultModelPackage.StampSuffix));
        var ranges = ActivationRanges.Load(Path.Combine(copy, ActivationRanges.FileName));
        (ranges with { Images = ranges.Images + 1 }).Save(Path.Combine(copy, ActivationRanges.FileName));

        var package = DefaultModelPackage.Ensure(copy);

        Assert.NotEqual(stamp, File.ReadAllText(package.Int8OnnxPath + DefaultModelPackage.StampSuffix));
        Assert.True(package.HasInt8);
    }

    [Fact]
    public void Ranges_that_do_not_fit_the_graph_are_refused_with_a_reason()
    {
        var prepared = Int8Model.ReadPrepared(DefaultModelPackage.Ensure().OnnxPath);
        var ranges = new ActivationRanges("nothing", 1, new Dictionary<string, float[]>());

        var error = Assert.Throws<InvalidDataException>(() => QdqGraph.Quantize(prepared, ranges));
        Assert.Contains("calibrate", error.Message);
    }

    public void Dispose() => _temp.Dispose();
}
