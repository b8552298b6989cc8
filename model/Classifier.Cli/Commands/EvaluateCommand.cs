using System.ComponentModel;
using Classifier.Core.Imaging;
using Classifier.Core.Model;
using Classifier.Training;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Classifier.Cli.Commands;

public sealed class EvaluateCommand : Command<EvaluateCommand.Settings>
{
    public sealed class Settings : DataSettings, IModelSettings
    {
        [CommandOption(ModelOption.Template), Description(ModelOption.Help)]
        public string? Model { get; init; }

        [CommandOption(ModelOption.PrecisionTemplate), Description(ModelOption.PrecisionHelp), DefaultValue(ModelPrecision.Int8)]
        public ModelPrecision Precision { get; init; } = ModelPrecision.Int8;

        [CommandOption("--out <DIR>"), Description("Also write evaluation.md and test-confusion-matrix.png here.")]
        public string? Out { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        using var classifier = settings.LoadClassifier();
        var data = settings.LoadDataset("t10k", classifier.Card.DecodeOptions);
        var missing = data.Labels.Except(classifier.Card.Labels).ToList();
        if (missing.Count > 0)
            throw new InvalidDataException($"the model does not know the label(s) {string.Join(", ", missing)}");

        var actual = new List<int>();
        var probabilities = new List<float[]>();
        var ids = new List<string>();
        var skipped = 0;
        ProgressBars.Run(progress =>
        {
            var bar = progress.Stage($"evaluating {data.Name}", data.Items.Count);
            const int chunk = 16;
            for (var start = 0; start < data.Items.Count; start += chunk)
            {
                cancellation.ThrowIfCancellationRequested();
                var batch = new List<(LabeledImage Item, RgbImage Image)>();
                foreach (var item in data.Items.Skip(start).Take(chunk))
                {
                    try
                    {
                        batch.Add((item, classifier.Prepare(item.Load())));
                    }
                    catch (ImageRejectedException)
                    {
                        skipped++;
                    }
                }
                var run = classifier.Run(batch.Select(b => b.Image).ToList());
                for (var i = 0; i < batch.Count; i++)
                {
                    actual.Add(classifier.Card.Labels.IndexOf(batch[i].Item.Label));
                    probabilities.Add(run.Scores[i]);
                    ids.Add(batch[i].Item.Id);
                }
                bar.Report(Math.Min(start + chunk, data.Items.Count));
            }
            return 0;
        });

        var evaluation = Evaluation.From(classifier.Card.Labels, actual, probabilities, ids);
        Reports.Print(evaluation, $"{classifier.Card.Name} on {data.Name}");
        if (skipped > 0)
            AnsiConsole.MarkupLineInterpolated($"[yellow]{skipped} unreadable image(s) skipped[/]");
        if (settings.Out is not null)
        {
            Directory.CreateDirectory(settings.Out);
            ConfusionMatrixImage.Save(evaluation, Path.Combine(settings.Out, "test-confusion-matrix.png"), $"{classifier.Card.Name}: {data.Name}");
            File.WriteAllText(Path.Combine(settings.Out, "evaluation.md"),
                EvaluationMarkdown.Render(evaluation, $"{data.Name}", "test-confusion-matrix.png"));
        }
        return 0;
    }
}
