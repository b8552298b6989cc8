using Classifier.Core.Imaging;
using Classifier.Core.Inference;
using Classifier.Core.Model;

namespace Classifier.Training.OutOfDomain;

/// <summary>
/// Adds out-of-domain statistics, threshold and baseline to an existing package (a user's own export with a
/// features output): runs labelled in-domain images through the package's own model, fits on a seeded
/// share of them and sets the threshold on the rest.
/// </summary>
public static class PackageCalibrator
{
    private const int Chunk = 16;

    public sealed record Result(ModelPackage Package, OutOfDomainCalibration Calibration, int FitCount, int ValidCount, IReadOnlyList<string> Skipped);

    public static Result Calibrate(string packageDirectory, Dataset data, double validPct, int seed, IProgress<int>? progress = null,
        float quantile = OutOfDomainCalibration.DefaultQuantile, CancellationToken cancel = default)
    {
        var package = ModelPackage.LoadForRebuild(packageDirectory);
        var card = package.Card;
        if (card.Output.Features is null)
            throw new ModelLoadException($"{package.Directory}: the card names no 'output.features', so there is nothing to measure distances on; an out-of-domain score needs a features output");
        var unknown = data.Labels.Where(l => !card.Labels.Contains(l)).ToList();
        if (unknown.Count > 0)
            throw new InvalidDataException($"label folder(s) not among the model's labels: {string.Join(", ", unknown)} (the model knows {string.Join(", ", card.Labels)})");

        // Load without the old section: a stale statistics file must not stop a recalibration.
        var bare = package with { Card = card with { OutOfDomain = null } };
        var images = new List<CalibrationImage>();
        var skipped = new List<string>();
        using (var classifier = ImageClassifier.Load(bare))
        {
            var pending = new List<(RgbImage Image, int Label)>();
            void RunPending()
            {
                if (pending.Count == 0)
                    return;
                var run = classifier.Run(pending.Select(p => p.Image).ToList());
                for (var i = 0; i < pending.Count; i++)
                    images.Add(new CalibrationImage(run.Features![i], pending[i].Label, run.Scores[i]));
                pending.Clear();
                progress?.Report(images.Count + skipped.Count);
            }
            foreach (var item in data.Items)
            {
                cancel.ThrowIfCancellationRequested();
                try
                {
                    pending.Add((classifier.Prepare(item.Load()), card.Labels.IndexOf(item.Label)));
                }
                catch (Exception e) when (e is ImageRejectedException or IOException or UnauthorizedAccessException)
                {
                    skipped.Add($"{item.Id.Split('|')[0]}: {e.Message}");
                }
                if (pending.Count == Chunk)
                    RunPending();
            }
            RunPending();
        }

        var (fit, valid) = DataSplit.Random(images, validPct, seed);
        if (fit.Count < 2 || valid.Count < 1)
            throw new InvalidDataException($"too few readable images to calibrate ({images.Count}); use more images or another --valid-pct");
        var calibration = OutOfDomainCalibration.Fit(fit, valid, card.Labels, card.MinConfidence, quantile);
        var updated = calibration.WriteInto(package.Directory, card);
        File.WriteAllText(Path.Combine(package.Directory, ModelPackage.CardFileName), updated.ToJson() + "\n");
        return new Result(ModelPackage.LoadForRebuild(package.Directory), calibration, fit.Count, valid.Count, skipped);
    }
}
