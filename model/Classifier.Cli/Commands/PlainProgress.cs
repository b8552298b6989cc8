using System.Globalization;
using Classifier.Training;
using Spectre.Console;

namespace Classifier.Cli.Commands;

/// <summary>
/// Progress for a pipe or a log: one complete line per stage when it ends ("features: training images:
/// 1,200/1,200 images", "fitting the head, L2 1e-5: epoch 30/30"), never partial percentages. A stage cut short still gets its line, with the count reached.
/// </summary>
internal sealed class PlainProgress : ITrainingProgress
{
    private readonly List<PlainStage> _stages = [];

    public IProgress<int> Stage(string name, int total, ProgressUnit unit = ProgressUnit.Images)
    {
        var stage = new PlainStage(name, total, unit);
        lock (_stages)
            _stages.Add(stage);
        return stage;
    }

    /// <summary>Writes the line of every stage that has not finished (stopped early or never reached its total).</summary>
    public void Finish()
    {
        lock (_stages)
        {
            foreach (var stage in _stages)
                stage.WriteOnce(stopped: true);
        }
    }

    private sealed class PlainStage(string name, int total, ProgressUnit unit) : IProgress<int>
    {
        private int _value;
        private bool _written;

        public void Report(int value)
        {
            _value = Math.Max(_value, Math.Min(value, total));
            if (_value >= total)
                WriteOnce(stopped: false);
        }

        public void WriteOnce(bool stopped)
        {
            lock (this)
            {
                if (_written)
                    return;
                _written = true;
            }
            var format = unit == ProgressUnit.Epochs ? "{0}: epoch {1:N0}/{2:N0}{3}" : "{0}: {1:N0}/{2:N0} images{3}";
            var line = string.Format(CultureInfo.InvariantCulture, format, name, _value, total, stopped && _value < total ? " (stopped)" : "");
            AnsiConsole.WriteLine(line);
        }
    }
}
