using System.ComponentModel;
using System.Diagnostics;
using Classifier.Core.Benchmarking;
using Classifier.Core.Imaging;
using Classifier.Core.Model;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Classifier.Cli.Commands;

/// <summary>
/// What the card's "decode": "fast" changes against "exact" on a folder of photos: top-1 agreement, the
/// largest change of any label's probability, and the decode + resize time of each. A measurement to read
/// (docs/performance.md), not a test.
/// </summary>
public sealed class CompareDecodeCommand : Command<CompareDecodeCommand.Settings>
{
    public sealed class Settings : ModelCommandSettings
    {
        [CommandOption("--images <DIR>"), Description("Folder of photos (JPEG, PNG, WebP, ...), searched recursively; scripts/photos.sh prepares one.")]
        public string Images { get; init; } = "";

        public override ValidationResult Validate() =>
            Directory.Exists(Images) ? base.Validate() : ValidationResult.Error($"--images: no folder {Images}");
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        using var classifier = settings.LoadClassifier();
        var exact = classifier.Card.DecodeOptions with { Mode = DecodeMode.Exact };
        var fast = classifier.Card.DecodeOptions with { Mode = DecodeMode.Fast };
        var labels = classifier.Card.Labels.Count;
        var files = Directory.EnumerateFiles(settings.Images, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();

        var (compared, agree, scaled, largest, largestFile) = (0, 0, 0, 0.0, "");
        var changes = new List<double>();
        var (exactMs, fastMs, megapixels) = (new List<double>(), new List<double>(), new List<double>());
        var (splitChecked, splitSame) = (0, 0);
        foreach (var file in files)
        {
            cancellation.ThrowIfCancellationRequested();
            var bytes = File.ReadAllBytes(file);
            RgbImage byExact, byFast;
            try
            {
                var clock = Stopwatch.StartNew();
                byExact = classifier.Prepare(ImageDecoder.Decode(bytes, classifier.Limits, exact));
                exactMs.Add(clock.Elapsed.TotalMilliseconds);
                clock.Restart();
                byFast = classifier.Prepare(ImageDecoder.Decode(bytes, classifier.Limits, fast));
                fastMs.Add(clock.Elapsed.TotalMilliseconds);
            }
            catch (ImageRejectedException)
            {
                continue; // not a photo this can read: not part of the comparison
            }
            // A big JPEG decodes on two codecs at once when nothing else runs: both ways must give the same pixels.
            foreach (var options in new[] { exact, fast })
            {
                var one = ImageDecoder.Decode(bytes, classifier.Limits, options, DecodeParts.One);
                var two = ImageDecoder.Decode(bytes, classifier.Limits, options, DecodeParts.Two);
                splitChecked++;
                if ((one.Width, one.Height) == (two.Width, two.Height) && one.Pixels.AsSpan().SequenceEqual(two.Pixels))
                    splitSame++;
            }
            var (_, w, h) = ImageDecoder.Probe(bytes, classifier.Limits);
            megapixels.Add(w * (double)h / 1e6);
            if (ImageDecoder.Plan(bytes, classifier.Limits, fast).Width < w)
                scaled++;
            var scores = classifier.Run([byExact, byFast]).Scores;
            compared++;
            if (Array.IndexOf(scores[0], scores[0].Max()) == Array.IndexOf(scores[1], scores[1].Max()))
                agree++;
            var change = Enumerable.Range(0, labels).Max(i => Math.Abs(scores[0][i] - scores[1][i]));
            changes.Add(change);
            if (change > largest)
                (largest, largestFile) = (change, Path.GetRelativePath(settings.Images, file));
        }
        if (compared == 0)
            throw new InvalidOperationException($"no readable images in {settings.Images}");

        AnsiConsole.MarkupLineInterpolated($"{compared} photos, {megapixels.Min():0.00}-{megapixels.Max():0.0} MP (median {Benchmark.Median(megapixels):0.0}), {scaled} of them decoded scaled by the fast decode; model {classifier.Card.Name}, {labels} labels");
        AnsiConsole.MarkupLineInterpolated($"top-1 agreement fast vs exact: {agree}/{compared} ({(double)agree / compared:P1})");
        var ordered = changes.Order().ToList();
        AnsiConsole.MarkupLineInterpolated($"largest change of a label's probability: {largest:0.0000} ({largestFile}); 95th percentile {ordered[(int)(0.95 * (ordered.Count - 1))]:0.0000}, median {Benchmark.Median(changes):0.0000}");
        AnsiConsole.MarkupLineInterpolated($"decode + resize, median ms per photo: exact {Benchmark.Median(exactMs):0.0}, fast {Benchmark.Median(fastMs):0.0}");
        AnsiConsole.MarkupLineInterpolated($"two codecs against one (each photo, exact and fast): {splitSame}/{splitChecked} decodes identical byte for byte");
        return splitSame == splitChecked ? 0 : 1;
    }
}
