using Classifier.Core.Training;
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
            perClass.AddRow(Markup.Escape(c.Label), $"{c.Precision:P1}", $"{c.Recall:P1}", c.Support.ToString());
        AnsiConsole.Write(perClass);

        var matrix = new Table().Title("confusion matrix (rows: actual, columns: predicted)").AddColumn("");
        foreach (var label in evaluation.Labels)
            matrix.AddColumn(new TableColumn(Markup.Escape(Short(label))).RightAligned());
        for (var r = 0; r < evaluation.Labels.Count; r++)
        {
            var cells = evaluation.Confusion[r].Select((n, c) => r == c ? $"[green]{n}[/]" : n == 0 ? "[grey]0[/]" : n.ToString());
            matrix.AddRow([Markup.Escape(evaluation.Labels[r]), .. cells]);
        }
        AnsiConsole.Write(matrix);
    }

    private static string Short(string label) => label.Length <= 8 ? label : label[..8];
}
