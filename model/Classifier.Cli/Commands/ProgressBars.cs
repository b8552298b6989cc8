using Classifier.Training;
using Spectre.Console;

namespace Classifier.Cli.Commands;

/// <summary>Draws one Spectre.Console progress bar per stage of long work on a terminal; plain lines elsewhere.</summary>
internal sealed class ProgressBars(ProgressContext context) : ITrainingProgress
{
    public IProgress<int> Stage(string name, int total, ProgressUnit unit = ProgressUnit.Images)
    {
        var task = context.AddTask(name, maxValue: Math.Max(1, total));
        return new Bar(task);
    }

    public static T Run<T>(Func<ITrainingProgress, T> work)
    {
        if (!CliConsole.IsTerminal)
        {
            var plain = new PlainProgress();
            try
            {
                return work(plain);
            }
            finally
            {
                plain.Finish();
            }
        }
        return AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(context => work(new ProgressBars(context)));
    }

    /// <summary>Sets the bar to the reported count (reports may come from any thread).</summary>
    private sealed class Bar(ProgressTask task) : IProgress<int>
    {
        public void Report(int value) => task.Value = Math.Min(value, task.MaxValue);
    }
}
