using System.Globalization;
using System.Text;
using Classifier.Core.Model;

namespace Classifier.Training;

/// <summary>Writes report.md and confusion-matrix.png for a trained model package.</summary>
public sealed record TrainingReport(ModelCard Card, TrainResult Result, TrainOptions Options, Dataset Data)
{
    public const string FileName = "report.md";
    public const string MatrixFileName = "confusion-matrix.png";

    public void Write(string directory)
    {
        ConfusionMatrixImage.Save(Result.Validation, Path.Combine(directory, MatrixFileName), $"{Card.Name}: validation set");
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"# Training report: {Card.Name} {Card.Version}");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"- Data: {Data.Name}, {Data.Items.Count} images, {Data.Labels.Count} labels");
        md.AppendLine(CultureInfo.InvariantCulture, $"- Split: {Result.TrainCount} training / {Result.ValidCount} validation (valid-pct {Options.ValidPct}, seed {Options.Seed}{(Result.Split.PerLabel ? ", split label by label: a small set" : "")}); held out: {Result.Split.HeldOutPerLabel()}");
        if (Result.Split.UnvalidatedLabels.Count > 0)
            md.AppendLine(CultureInfo.InvariantCulture, $"- Not validated (no image held out): {string.Join(", ", Result.Split.UnvalidatedLabels)}");
        md.AppendLine(CultureInfo.InvariantCulture, $"- Resize: {CardNames.Of(Card.Resize)}{(Card.Resize == ResizeMethod.Pad ? $" ({CardNames.Of(Card.PadMode)})" : "")} to {Card.Input.Width}x{Card.Input.Height}; augmented variants per training image: {Options.Augment}");
        md.AppendLine($"- Head: softmax regression, {Options.Epochs} epochs; L2 chosen on the validation set: {Result.L2.ToString("G2", CultureInfo.InvariantCulture)}"
            + (Options.RefitOnAll ? " (final head refitted on all images)" : ""));
        md.AppendLine();
        md.AppendLine("| L2 | validation accuracy |");
        md.AppendLine("|---:|---:|");
        foreach (var (l2, accuracy) in Result.Search)
            md.AppendLine(CultureInfo.InvariantCulture, $"| {l2:G2} | {accuracy:P2} |");
        md.AppendLine();
        md.Append(EvaluationMarkdown.Render(Result.Validation, "Validation set", MatrixFileName));
        if (Result.Skipped.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("## Skipped files");
            md.AppendLine();
            foreach (var row in Result.Skipped)
                md.AppendLine(CultureInfo.InvariantCulture, $"- `{row.Item.Id.Split('|')[0]}`: {row.Problem}");
        }
        File.WriteAllText(Path.Combine(directory, FileName), md.ToString());
    }
}
