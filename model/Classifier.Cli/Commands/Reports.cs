using Classifier.Training;
using Spectre.Console;

namespace Classifier.Cli.Commands;

/// <summary>Console tables for an evaluation: per-class metrics and the confusion matrix.</summary>
internal static class Reports
{
    public static void Print(Evaluation evaluation, string title)
    {
        AnsiConsole.MarkupLineInterpolated($"[bold]{title}[/]: accuracy {evaluation.Accuracy:P2} on {evaluation.Count} images");
        var perClass = new Table().AddColumns("label", "precision", "recall", "images");
        foreach (var c in evaluation.PerClass)
            perClass.AddRow(Markup.Escape(c.Label), ClassMetrics.Percent(c.Precision), ClassMetrics.Percent(c.Recall), c.Support.ToString());
        AnsiConsole.Write(perClass);

        // A line of its own, not a table title: Spectre wraps titles to the table's width.
        AnsiConsole.MarkupLine("[bold]confusion matrix[/] (rows: actual, columns: predicted)");
        var matrix = new Table().AddColumn("");
        foreach (var label in evaluation.Labels)
            matrix.AddColumn(new TableColumn(Markup.Escape(Short(label))).RightAligned());
        for (var r = 0; r < evaluation.Labels.Count; r++)
        {
            var cells = evaluation.Confusion[r].Select((n, c) => r == c ? $"[green]{n}[/]" : n == 0 ? "[grey]0[/]" : n.ToString());
            matrix.AddRow([Markup.Escape(evaluation.Labels[r]), .. cells]);
        }
        AnsiConsole.Write(matrix);

        AnsiConsole.MarkupLineInterpolated($"[bold]top losses[/]: {TopLoss.Explanation}");
        if (evaluation.TopLosses.Count == 0)
        {
            AnsiConsole.WriteLine("no image was predicted wrongly");
            return;
        }
        var losses = new Table().AddColumns("image", "actual", "predicted", "probability of predicted", "loss");
        foreach (var l in evaluation.TopLosses)
            losses.AddRow(Markup.Escape(l.Id.Split('|')[0]), Markup.Escape(l.Actual), Markup.Escape(l.Predicted), $"{l.Probability:0.00}", $"{l.Loss:0.00}");
        AnsiConsole.Write(losses);
    }

    private static string Short(string label) => label.Length <= 8 ? label : label[..8];
}
