using System.ComponentModel;
using System.Globalization;
using Classifier.Core.Model;
using Classifier.Training;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Classifier.Cli.Commands;

/// <summary>
/// Validates a model package before it is served: the card (strictly), the ONNX file, the card against the
/// graph, and one test inference on a generated image. Prints what it found; exit code 1 when it cannot serve.
/// </summary>
public sealed class CheckCommand : Command<CheckCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--model <DIR>"), Description("Model package folder to check (model.onnx + model.json).")]
        public string? Model { get; init; }

        public override ValidationResult Validate() =>
            Model is null ? ValidationResult.Error("give the package to check: --model DIR") : ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        var report = PackageInspector.Inspect(settings.Model!);
        var card = report.Card;
        var input = card.Input;
        Line("card", $"{card.Name} {card.Version}, {card.Labels.Count} labels: {string.Join(", ", card.Labels)}");
        Line("onnx", $"{Size(report.OnnxBytes)}; inputs: {string.Join("; ", report.Inputs)}; outputs: {string.Join("; ", report.Outputs)}");
        Line("card vs graph", $"input '{input.Name}' takes {input.Width}x{input.Height} {input.ChannelOrder}; output '{card.Output.Name}' gives {card.Labels.Count} scores ({CardNames.Of(card.Output.Kind)}){(card.Output.Features is { } f ? $"; features from '{f}'" : "")}");
        Line("pixels", string.Create(CultureInfo.InvariantCulture,
            $"value = (pixel x {input.PixelScale:G6} - mean) / std, mean [{string.Join(", ", input.Mean)}], std [{string.Join(", ", input.Std)}]"));
        Line("resize", Describe(card));
        Line("orientation", card.Orientation == ImageOrientation.Exif
            ? "exif: photos are turned upright by their EXIF tag first"
            : "ignore: the stored pixels are used as they are, as fastai loads them");
        var top = string.Join(", ", report.TestPrediction.Take(3).Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Label} {p.Probability:0.000}")));
        Line("test inference", $"a generated {report.TestImageSize.Width}x{report.TestImageSize.Height} image: {top} ({report.TestMs.ToString(CultureInfo.InvariantCulture)} ms)");
        Line("files", report.Files);
        Line("minConfidence", $"{card.MinConfidence.ToString(CultureInfo.InvariantCulture)}: under it a prediction is 'uncertain'");
        foreach (var warning in report.Warnings)
            AnsiConsole.MarkupLineInterpolated($"[yellow]warning:[/] {warning}");
        AnsiConsole.MarkupLineInterpolated($"[green]ok[/]: {Path.GetFullPath(settings.Model!)} is ready to serve{(report.Warnings.Count > 0 ? $" ({report.Warnings.Count} warning(s) above)" : "")}");
        return 0;
    }

    /// <summary>The card's resize in the words of the fastai transform it reproduces.</summary>
    private static string Describe(ModelCard card)
    {
        var (w, h) = (card.Input.Width, card.Input.Height);
        var fastaiSize = w == h ? $"{w}" : $"({h}, {w})";
        return card.Resize switch
        {
            ResizeMethod.Squish => $"squish to {w}x{h}, as fastai's Resize({fastaiSize}, method='squish')",
            ResizeMethod.Crop => $"crop: centre region scaled to {w}x{h}, as fastai's Resize({fastaiSize}) (method='crop', its default)",
            ResizeMethod.Pad => $"pad with {CardNames.Of(card.PadMode)} to {w}x{h}, as fastai's Resize({fastaiSize}, method='pad', pad_mode='{CardNames.Of(card.PadMode)}')",
            _ => string.Create(CultureInfo.InvariantCulture,
                $"random-resized-crop: squish to {w + ImageFitMargin(card)}x{h + ImageFitMargin(card)} then the centre {w}x{h}, as fastai's RandomResizedCrop({fastaiSize}, val_xtra={card.ValXtra}) at inference"),
        };
    }

    private static int ImageFitMargin(ModelCard card) => Core.Imaging.ImageFit.Margin(card.Input.Width, card.Input.Height, card.ValXtra);

    private static string Size(long bytes) => Sizes.Of(bytes);

    private static void Line(string what, string found) => AnsiConsole.MarkupLineInterpolated($"[bold]{what}[/]: {found}");
}
