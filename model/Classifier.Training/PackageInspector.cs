using System.Diagnostics;
using Classifier.Core.Imaging;
using Classifier.Core.Inference;
using Classifier.Core.Model;
using Microsoft.ML.OnnxRuntime;

namespace Classifier.Training;

/// <summary>
/// Checks a model package the way serving will use it: the strict card, the ONNX file, the card against the
/// graph (the classifier's own load checks), and one inference on a generated image through the same path
/// as a request. Problems that stop serving throw <see cref="ModelLoadException"/>; doubts become warnings.
/// </summary>
public static class PackageInspector
{
    public static PackageReport Inspect(string directory)
    {
        var package = ModelPackage.Load(directory);
        using var classifier = ImageClassifier.Load(package, new ClassifierOptions { IntraOpThreads = 1 });
        var card = package.Card;

        using var session = new InferenceSession(package.OnnxPath);
        var inputs = session.InputMetadata.Select(m => Describe(m.Key, m.Value)).ToList();
        var outputs = session.OutputMetadata.Select(m => Describe(m.Key, m.Value)).ToList();

        // A non-square image with a gradient and a bright square, so every resize method has work to do.
        var size = (Width: (card.Input.Width * 3 / 2) + 1, card.Input.Height);
        var image = TestImage(size.Width, size.Height);
        var clock = Stopwatch.StartNew();
        var run = classifier.Run([classifier.Prepare(image)]);
        var ms = clock.Elapsed.TotalMilliseconds;
        var ranked = run.Scores[0].Select((p, i) => new LabelProbability(card.Labels[i], p)).OrderByDescending(p => p.Probability).ToList();

        var warnings = new List<string>(package.Warnings);
        // The raw output (before any softmax here) tells whether output.kind is right; a model exported with a
        // fixed batch larger than one cannot run a single image, and the classifier's run above has covered it.
        var fixedBatch = session.InputMetadata[card.Input.Name].Dimensions[0];
        var raw = fixedBatch > 1 ? run.Scores[0] : RawScores(session, card, classifier.Prepare(image));
        var looksLikeProbabilities = raw.All(v => v is >= 0 and <= 1) && Math.Abs(raw.Sum() - 1) < 1e-3;
        if (card.Output.Kind == OutputKind.Logits && looksLikeProbabilities && fixedBatch <= 1)
            warnings.Add($"output.kind is \"logits\" but '{card.Output.Name}' already gives probabilities that sum to 1: if the model ends in a softmax, set \"kind\": \"probabilities\"");
        if (card.Output.Kind == OutputKind.Probabilities && !looksLikeProbabilities && fixedBatch <= 1)
            warnings.Add($"output.kind is \"probabilities\" but '{card.Output.Name}' gives values that do not sum to 1 (sum {raw.Sum():0.###}): if the model ends in a linear layer, set \"kind\": \"logits\"");
        if (ranked.Any(p => float.IsNaN(p.Probability)))
            warnings.Add("the test inference gave NaN: check input.mean, input.std and input.pixelScale");
        if (card.Resize == ResizeMethod.RandomResizedCrop && card.PadMode != PadMode.Reflection)
            warnings.Add("padMode is only used by \"resize\": \"pad\"; random-resized-crop ignores it");

        return new PackageReport(card, new FileInfo(package.OnnxPath).Length, inputs, outputs, size, ranked, Math.Round(ms, 1), warnings, DescribeFiles(package));
    }

    /// <summary>How many files, whether a manifest vouches for them, and which derived files were checked against model.onnx.</summary>
    private static string DescribeFiles(ModelPackage package)
    {
        var files = PackageManifest.PackageFiles(package.Directory);
        var manifest = package.Manifest is null ? "no manifest.json yet (classifier publish writes one)" : "each matches manifest.json";
        var derived = files.Where(f => DerivedFiles.RecordedSource(package, f) == package.ModelSha256).ToList();
        var made = derived.Count == 0 ? "no derived files"
            : $"{string.Join(" and ", derived)} made from this model.onnx (SHA-256 {FileHash.Short(package.ModelSha256)}...)";
        return $"{files.Count}, {manifest}; {made}";
    }

    private static GraphTensor Describe(string name, NodeMetadata meta)
    {
        var shape = meta.IsTensor
            ? meta.Dimensions.Select((d, i) => d > 0 ? d.ToString(System.Globalization.CultureInfo.InvariantCulture)
                : meta.SymbolicDimensions.ElementAtOrDefault(i) is { Length: > 0 } s ? s : "?").ToList()
            : [];
        var type = meta.IsTensor ? meta.ElementDataType.ToString().ToLowerInvariant() : meta.OnnxValueType.ToString().ToLowerInvariant();
        return new GraphTensor(name, type, shape);
    }

    private static float[] RawScores(InferenceSession session, ModelCard card, RgbImage prepared)
    {
        var tensor = new float[3 * card.Input.Width * card.Input.Height];
        TensorWriter.Write(prepared, card.Input, tensor);
        using var value = OrtValue.CreateTensorValueFromMemory(tensor, [1, 3, card.Input.Height, card.Input.Width]);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, [card.Input.Name], [value], [card.Output.Name]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    private static RgbImage TestImage(int width, int height)
    {
        var image = new RgbImage(width, height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var i = ((y * width) + x) * 3;
                var inSquare = Math.Abs(x - (width / 2)) < width / 6 && Math.Abs(y - (height / 2)) < height / 6;
                image.Pixels[i] = (byte)(inSquare ? 240 : 255 * x / width);
                image.Pixels[i + 1] = (byte)(inSquare ? 230 : 255 * y / height);
                image.Pixels[i + 2] = (byte)(inSquare ? 210 : 96);
            }
        }
        return image;
    }
}
