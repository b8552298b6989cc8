using System.ComponentModel;
using System.Text.Json;
using Classifier.Core.Imaging;
using Classifier.Core.Inference;
using Spectre.Console.Cli;

namespace Classifier.Cli.Commands;

public sealed class PredictCommand : Command<PredictCommand.Settings>
{
    public sealed class Settings : ModelCommandSettings
    {
        [CommandArgument(0, "<FILE>"), Description("Image files to classify.")]
        public string[] Files { get; init; } = [];

        [CommandOption("--top <K>"), Description("How many labels to list per image."), DefaultValue(3)]
        public int Top { get; init; } = 3;
    }

    /// <summary>Writes one JSON object per line to stdout; an unreadable file gets a rejected line, and exit code 1.</summary>
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        using var classifier = settings.LoadClassifier();
        var failures = 0;
        foreach (var file in settings.Files)
        {
            Prediction prediction;
            try
            {
                prediction = classifier.Classify(File.ReadAllBytes(file), settings.Top) with
                {
                    Source = new BlobSource("file", file, null, new FileInfo(file).Length),
                };
            }
            catch (Exception e) when (e is ImageRejectedException or IOException or UnauthorizedAccessException)
            {
                failures++;
                prediction = Prediction.Rejected(classifier.Info, e.Message) with { Source = new BlobSource("file", file, null, 0) };
            }
            Console.Out.WriteLine(JsonSerializer.Serialize(prediction, Prediction.JsonOptions));
        }
        return failures == 0 ? 0 : 1;
    }
}
