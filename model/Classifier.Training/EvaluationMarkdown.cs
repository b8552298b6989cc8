using System.Globalization;
using System.Text;

namespace Classifier.Training;

/// <summary>Accuracy, per-class table, confusion matrix and top losses as Markdown.</summary>
public static class EvaluationMarkdown
{
    public static string Render(Evaluation e, string title, string? matrixImage)
    {
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"## {title}: accuracy {e.Accuracy:P2} ({e.Count} images)");
        md.AppendLine();
        md.Append(PerClassTable(e));
        md.AppendLine();
        md.Append(ConfusionTable(e, matrixImage));
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Top losses: {TopLoss.Explanation}");
        md.AppendLine();
        if (e.TopLosses.Count == 0)
        {
            md.AppendLine("No image was predicted wrongly.");
            return md.ToString();
        }
        md.AppendLine("| image | actual | predicted | probability of predicted | loss |");
        md.AppendLine("|---|---|---|---:|---:|");
        foreach (var l in e.TopLosses)
            md.AppendLine(CultureInfo.InvariantCulture, $"| `{l.Id.Split('|')[0]}` | {l.Actual} | {l.Predicted} | {l.Probability:0.00} | {l.Loss:0.00} |");
        return md.ToString();
    }

    /// <summary>Precision, recall and image count per label.</summary>
    public static string PerClassTable(Evaluation e)
    {
        var md = new StringBuilder();
        md.AppendLine("| label | precision | recall | images |");
        md.AppendLine("|---|---:|---:|---:|");
        foreach (var c in e.PerClass)
            md.AppendLine(CultureInfo.InvariantCulture, $"| {c.Label} | {ClassMetrics.Percent(c.Precision)} | {ClassMetrics.Percent(c.Recall)} | {c.Support} |");
        return md.ToString();
    }

    /// <summary>The confusion matrix as a table, and the picture of it when there is one.</summary>
    public static string ConfusionTable(Evaluation e, string? matrixImage)
    {
        var md = new StringBuilder();
        md.AppendLine("Confusion matrix (rows: actual, columns: predicted):");
        md.AppendLine();
        md.AppendLine("| actual \\ predicted | " + string.Join(" | ", e.Labels) + " |");
        md.AppendLine("|---|" + string.Concat(e.Labels.Select(_ => "---:|")));
        for (var r = 0; r < e.Labels.Count; r++)
            md.AppendLine($"| {e.Labels[r]} | " + string.Join(" | ", e.Confusion[r]) + " |");
        if (matrixImage is not null)
        {
            md.AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture, $"![Confusion matrix]({matrixImage})");
        }
        return md.ToString();
    }
}
