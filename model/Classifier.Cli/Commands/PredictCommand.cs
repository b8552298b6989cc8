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
            var bytes = Array.Empty<byte>();
            try
            {
                bytes = File.ReadAllBytes(file);
                prediction = classifier.Classify(bytes, settings.Top);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ImageRejectedException)
            {
                prediction = Prediction.Rejected(classifier.Info, e.Message);
            }
            prediction = prediction with { Source = new ImageSource("file", file, null, bytes.Length) };
            if (prediction.Status == PredictionStatus.Rejected)
                failures++;
            Console.Out.WriteLine(JsonSerializer.Serialize(prediction, ApiJson.Options));
        }
        return failures == 0 ? 0 : 1;
    }
}
