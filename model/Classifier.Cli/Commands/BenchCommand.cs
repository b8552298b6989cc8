using System.ComponentModel;
using System.Diagnostics;
using Classifier.Core.Benchmarking;
using Classifier.Core.Imaging;
using Classifier.Core.Inference;
using Classifier.Core.Model;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Classifier.Cli.Commands;

/// <summary>
/// Median milliseconds per image for each stage on a 500x500 JPEG, and the model load time; with
/// <c>--runner DLL</c> also POST /api/predict on a local runner process, its ratio to raw inference and the
/// runner's cold start (<see cref="ServingBench"/>). A benchmark to read, not a test that passes or fails:
/// numbers depend on the machine and what else runs on it.
/// </summary>
public sealed class BenchCommand : AsyncCommand<BenchCommand.Settings>
{
    public sealed class Settings : ModelCommandSettings
    {
        [CommandOption("--runs <N>"), Description("Timed repetitions per stage."), DefaultValue(30)]
        public int Runs { get; init; } = 30;

        [CommandOption("--threads <N>"), Description("ONNX Runtime intra-op threads (0: one per core)."), DefaultValue(0)]
        public int Threads { get; init; }

        [CommandOption("--save-sample <FILE>"), Description("Also write the benchmark's 500x500 JPEG here (for the HTTP load and PyTorch runs).")]
        public string? SaveSample { get; init; }

        [CommandOption("--image <FILE>"), Description("Time this image instead of the generated 500x500 JPEG (a phone photo, say).")]
        public string? Image { get; init; }

        [CommandOption("--runner <DLL>"), Description("Also time POST /api/predict and the cold start of the local runner built as this DLL (Classifier.LocalRunner.dll), storage-less, with the same model, precision and threads.")]
        public string? Runner { get; init; }

        public override ValidationResult Validate() =>
            Runner is not null && !File.Exists(Runner)
                ? ValidationResult.Error($"--runner: no file {Runner} (build or publish functions/Classifier.LocalRunner first)")
                : ValidationResult.Success();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        var load = Stopwatch.StartNew();
        using var classifier = settings.LoadClassifier(settings.Threads);
        var loadMs = load.Elapsed.TotalMilliseconds;

        var jpeg = settings.Image is null ? Benchmark.SampleJpeg(500, 500) : File.ReadAllBytes(settings.Image);
        if (settings.SaveSample is not null)
            File.WriteAllBytes(settings.SaveSample, jpeg);
        // Decoded as serving decodes it: the card's mode (a fast decode scales a large JPEG in the codec) and orientation.
        var decodeOptions = classifier.Card.DecodeOptions;
        var decoded = ImageDecoder.Decode(jpeg, classifier.Limits, decodeOptions);
        var prepared = classifier.Prepare(decoded);
        var batch8 = Enumerable.Repeat(prepared, 8).ToList();
        classifier.Run([prepared]); // warm-up: the first run allocates ORT's buffers

        var decodeMs = Benchmark.MedianMs(settings.Runs, () => ImageDecoder.Decode(jpeg, classifier.Limits, decodeOptions));
        // What the second core adds when nothing else runs (a big baseline JPEG splits, TwoPartDecode).
        var oneCodecMs = Benchmark.MedianMs(settings.Runs, () => ImageDecoder.Decode(jpeg, classifier.Limits, decodeOptions, DecodeParts.One));
        var resizeMs = Benchmark.MedianMs(settings.Runs, () => classifier.Prepare(decoded));
        var inferMs = Benchmark.MedianMs(settings.Runs, () => classifier.Run([prepared]));
        var infer8Ms = Benchmark.MedianMs(Math.Max(3, settings.Runs / 4), () => classifier.Run(batch8)) / 8;
        var calls = TimeClassify(classifier, jpeg, settings.Runs);
        var totalMs = Benchmark.Median(calls.Select(c => c.WallMs));
        var overheadMs = Benchmark.Median(calls.Select(c => c.OverheadMs));
        var share = Benchmark.Median(calls.Select(c => c.OverheadMs / c.InferenceMs));

        var table = new Table().AddColumns("stage", "median ms per image");
        table.AddRow($"model load (session create, {Path.GetFileName(classifier.OnnxPath)})", $"{loadMs:0.0}");
        var (format, width, height) = ImageDecoder.Probe(jpeg, classifier.Limits);
        table.AddRow($"decode {width}x{height} {format} to {decoded.Width}x{decoded.Height} ({CardNames.Of(classifier.Card.Decode)})", $"{decodeMs:0.00}");
        table.AddRow("  the same decode with one codec, one core", $"{oneCodecMs:0.00}");
        table.AddRow($"resize to {classifier.Card.Input.Width}x{classifier.Card.Input.Height} ({CardNames.Of(classifier.Card.Resize)})", $"{resizeMs:0.00}");
        table.AddRow("inference, batch 1", $"{inferMs:0.00}");
        table.AddRow("inference, batch 8 (per image)", $"{infer8Ms:0.00}");
        table.AddRow("classify end to end (bytes to prediction)", $"{totalMs:0.00}");
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLineInterpolated($"decode + resize + postprocess = {overheadMs:0.00} ms = {share:P0} of inference (median over {settings.Runs} calls; target under 15 %)");
        AnsiConsole.MarkupLineInterpolated($"model load {loadMs / 1000:0.00} s (target under 2 s)");
        if (settings.Runner is { } runnerDll)
            await BenchServingAsync(new ServingBench(runnerDll, RunnerEnvironment(settings)), jpeg, inferMs, settings.Runs);
        return 0;
    }

    private static async Task BenchServingAsync(ServingBench serving, byte[] jpeg, double rawMs, int runs)
    {
        var httpMs = await serving.PredictMedianMsAsync(jpeg, runs);
        var colds = await serving.ColdStartsMsAsync(jpeg);
        var coldMs = Benchmark.Median(colds);
        var ratio = httpMs / rawMs;
        AnsiConsole.MarkupLineInterpolated($"POST /api/predict end to end        {httpMs,8:0.00} ms");
        AnsiConsole.MarkupLineInterpolated($"end to end / raw inference          {ratio,8:0.00} x   (target <= {ServingBench.RatioTarget:0.0} x: {Verdict(ratio <= ServingBench.RatioTarget)})");
        AnsiConsole.MarkupLineInterpolated($"cold start (process to prediction)  {coldMs,8:0} ms  (median of {colds.Count}: {ServingBench.Milliseconds(colds)}; target <= {ServingBench.ColdStartTargetMs:0} ms: {Verdict(coldMs <= ServingBench.ColdStartTargetMs)})");
    }

    private static string Verdict(bool met) => met ? "met" : "missed";

    /// <summary>The runner serves what the stage bench measured: the same model, precision and thread count.</summary>
    private static Dictionary<string, string> RunnerEnvironment(Settings settings)
    {
        var environment = new Dictionary<string, string> { ["Classifier__Precision"] = CardNames.Of(settings.Precision) };
        if (settings.Threads > 0)
            environment["Classifier__IntraOpThreads"] = settings.Threads.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (settings.Model is { } model)
            environment["Classifier__ModelFolder"] = Path.GetFullPath(model);
        return environment;
    }

    private sealed record ClassifyCall(double WallMs, double OverheadMs, double InferenceMs);

    /// <summary>
    /// Times whole classify calls and splits each with the prediction's own timings into inference and the
    /// rest (decode, resize, postprocess): a busy machine slows both parts of one call alike. The difference
    /// of two medians taken at different moments swung by 15 points between runs on a shared VM.
    /// </summary>
    private static List<ClassifyCall> TimeClassify(ImageClassifier classifier, byte[] jpeg, int runs) =>
        Enumerable.Range(0, runs).Select(_ =>
        {
            var clock = Stopwatch.StartNew();
            var timings = classifier.Classify(jpeg).Timings!;
            var wallMs = clock.Elapsed.TotalMilliseconds;
            var postprocessMs = Math.Max(0, wallMs - timings.TotalMs);
            return new ClassifyCall(wallMs, timings.PreprocessMs + postprocessMs, timings.InferenceMs);
        }).ToList();
}
