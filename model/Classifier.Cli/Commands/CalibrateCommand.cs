using System.ComponentModel;
using Classifier.Core.Model;
using Classifier.Training.OutOfDomain;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Classifier.Cli.Commands;

/// <summary>Adds out-of-domain statistics, threshold and drift baseline to a package that has a features output.</summary>
public sealed class CalibrateCommand : Command<CalibrateCommand.Settings>
{
    public sealed class Settings : DataSettings
    {
        [CommandOption("--model <DIR>"), Description("The model package folder to calibrate (model.json is rewritten, the statistics file written beside it).")]
        public string? Model { get; init; }

        [CommandOption("--valid-pct <PCT>"), Description("Share of the images that sets the threshold; the rest fit the statistics."), DefaultValue(0.2)]
        public double ValidPct { get; init; } = 0.2;

        [CommandOption("--seed <N>"), Description("Same seed, same split."), DefaultValue(42)]
        public int Seed { get; init; } = 42;

        [CommandOption("--per-label <N>"), Description("Use at most the first N images of each label.")]
        public int? PerLabel { get; init; }

        [CommandOption("--quantile <Q>"), Description("Share of the held-out images that must score under the threshold."), DefaultValue(OutOfDomainCalibration.DefaultQuantile)]
        public float Quantile { get; init; } = OutOfDomainCalibration.DefaultQuantile;

        public override ValidationResult Validate()
        {
            if (Model is null)
                return ValidationResult.Error("--model DIR is required: the package to add the out-of-domain statistics to");
            if (ValidPct is <= 0 or >= 0.9)
                return ValidationResult.Error("--valid-pct must be above 0 and below 0.9");
            if (PerLabel is < 2)
                return ValidationResult.Error("--per-label needs at least 2 images per label");
            if (Quantile is < 0.5f or >= 1f)
                return ValidationResult.Error("--quantile must be at least 0.5 and below 1");
            return base.Validate();
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        var data = settings.LoadDataset("train", ModelPackage.Load(settings.Model!).Card.DecodeOptions);
        if (settings.PerLabel is { } perLabel)
            data = data.TakePerLabel(perLabel);
        var result = ProgressBars.Run(progress => PackageCalibrator.Calibrate(settings.Model!, data, settings.ValidPct, settings.Seed,
            progress.Stage($"features: {data.Name}", data.Items.Count), settings.Quantile, cancellation));
        foreach (var skip in result.Skipped)
            AnsiConsole.MarkupLineInterpolated($"[yellow]skipped[/] {skip}");
        var card = result.Calibration.Card;
        var baseline = result.Calibration.Baseline;
        AnsiConsole.MarkupLineInterpolated(
            $"[green]{result.Package.Directory} calibrated[/]: {card.Method} threshold {card.Threshold:0.####} ({card.CalibratedQuantile:P0} of {result.ValidCount} held-out images under it; statistics from {result.FitCount}, in {card.Statistics})");
        AnsiConsole.MarkupLineInterpolated(
            $"baseline on the held-out images: mean confidence {baseline.MeanConfidence:0.###}, uncertain {baseline.UncertainRate:P1}, out-of-domain {baseline.OutOfDomainRate:P1}");
        return 0;
    }
}
