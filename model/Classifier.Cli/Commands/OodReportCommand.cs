using System.ComponentModel;
using Classifier.Core.Imaging;
using Classifier.Core.Inference;
using Classifier.Core.Model;
using Classifier.Training.Benchmarking;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Classifier.Cli.Commands;

/// <summary>
/// The out-of-domain benchmark: in-domain test images against folders of other kinds of image; AUROC and
/// status shares per kind, as a Markdown table and a PNG of score histograms.
/// </summary>
public sealed class OodReportCommand : Command<OodReportCommand.Settings>
{
    private const int Chunk = 16;

    public sealed class Settings : DataSettings, IModelSettings
    {
        [CommandOption(ModelOption.Template), Description(ModelOption.Help)]
        public string? Model { get; init; }

        [CommandOption(ModelOption.PrecisionTemplate), Description(ModelOption.PrecisionHelp), DefaultValue(ModelPrecision.Int8)]
        public ModelPrecision Precision { get; init; } = ModelPrecision.Int8;

        [CommandOption("--others <DIR>"), Description("Images that are not in-domain, one subfolder per kind (e.g. from model/ood/make_not_clothing.py).")]
        public string? Others { get; init; }

        [CommandOption("--out <DIR>"), Description("Write ood-report.md and ood-scores.png here.")]
        public string? Out { get; init; }

        [CommandOption("--per-label <N>"), Description("Use at most the first N in-domain images of each label.")]
        public int? PerLabel { get; init; }

        public override ValidationResult Validate()
        {
            if (Others is null)
                return ValidationResult.Error("--others DIR is required: a folder with one subfolder of images per kind");
            if (!Directory.Exists(Others))
                return ValidationResult.Error($"--others: folder not found: {Others}");
            return base.Validate();
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        using var classifier = settings.LoadClassifier();
        if (classifier.OutOfDomain is null)
            throw new InvalidOperationException($"{classifier.Card.Name} has no out-of-domain score (no features output or no statistics; see `classifier calibrate`)");
        var data = settings.LoadDataset("t10k", classifier.Card.DecodeOptions);
        if (settings.PerLabel is { } perLabel)
            data = data.TakePerLabel(perLabel);
        var others = Directory.GetDirectories(settings.Others!).Order(StringComparer.Ordinal)
            .SelectMany(dir => Directory.GetFiles(dir).Order(StringComparer.Ordinal).Select(file => (Kind: Path.GetFileName(dir), File: file)))
            .ToList();

        var images = new List<ScoredImage>();
        var skipped = 0;
        ProgressBars.Run(progress =>
        {
            Score(classifier, data.Items.Select(i => (Kind: data.Name, Label: (string?)i.Label, i.Load)).ToList(), images, ref skipped,
                progress.Stage($"in-domain: {data.Name}", data.Items.Count), cancellation);
            Score(classifier, others.Select(o => (o.Kind, Label: (string?)null, Load: (Func<RgbImage>)(() => ImageDecoder.Decode(File.ReadAllBytes(o.File), classifier.Limits)))).ToList(),
                images, ref skipped, progress.Stage("other kinds of image", others.Count), cancellation);
            return 0;
        });

        var report = OutOfDomainReport.From(classifier.Card.Name, classifier.OutOfDomain.Threshold, data.Name, images);
        var table = new Table().AddColumns("images", "count", "AUROC", "confident", "uncertain", "out-of-domain");
        foreach (var k in new[] { report.InDomain, report.AllOthers }.Concat(report.Kinds))
            table.AddRow(k.Kind, k.Count.ToString(), k.Auroc?.ToString("0.000") ?? "", $"{k.Confident:P1}", $"{k.Uncertain:P1}", $"{k.OutOfDomain:P1}");
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLineInterpolated($"in-domain accuracy {report.InDomainAccuracy:P2}; threshold {report.Threshold:0.####}");
        if (skipped > 0)
            AnsiConsole.MarkupLineInterpolated($"[yellow]{skipped} unreadable image(s) skipped[/]");
        if (settings.Out is not null)
        {
            Directory.CreateDirectory(settings.Out);
            OutOfDomainPlot.Save(report, Path.Combine(settings.Out, "ood-scores.png"));
            File.WriteAllText(Path.Combine(settings.Out, "ood-report.md"), report.ToMarkdown("ood-scores.png"));
        }
        return 0;
    }

    private static void Score(ImageClassifier classifier, IReadOnlyList<(string Kind, string? Label, Func<RgbImage> Load)> items,
        List<ScoredImage> into, ref int skipped, IProgress<int> bar, CancellationToken cancellation)
    {
        for (var start = 0; start < items.Count; start += Chunk)
        {
            cancellation.ThrowIfCancellationRequested();
            var batch = new List<(string Kind, string? Label, RgbImage Image)>();
            foreach (var item in items.Skip(start).Take(Chunk))
            {
                try
                {
                    batch.Add((item.Kind, item.Label, classifier.Prepare(item.Load())));
                }
                catch (Exception e) when (e is ImageRejectedException or IOException)
                {
                    skipped++;
                }
            }
            var predictions = classifier.Predict(batch.Select(b => b.Image).ToList(), top: 1);
            for (var i = 0; i < batch.Count; i++)
            {
                var p = predictions[i];
                into.Add(new ScoredImage(batch[i].Kind, batch[i].Label is not null, p.OutOfDomain!.Score, p.Status,
                    batch[i].Label is { } label ? p.Label == label : null));
            }
            bar.Report(Math.Min(start + Chunk, items.Count));
        }
    }
}
