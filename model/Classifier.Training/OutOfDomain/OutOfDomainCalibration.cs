using Classifier.Core.Inference.OutOfDomain;
using Classifier.Core.Model;

namespace Classifier.Training.OutOfDomain;

/// <summary>What calibration adds to a package: the statistics file, the card's section and the drift baseline.</summary>
public sealed record OutOfDomainCalibration(GaussianStatistics Statistics, OutOfDomainCard Card, ModelBaseline Baseline)
{
    /// <summary>Share of in-domain validation images that fall under the threshold.</summary>
    public const float DefaultQuantile = 0.95f;

    /// <summary>
    /// Fits the class Gaussians on <paramref name="fit"/> images, sets the threshold so that
    /// <paramref name="quantile"/> of the held-out <paramref name="validation"/> images score under it, and
    /// measures the whole baseline on those validation images: the rates and the label shares the served mix is
    /// compared with (docs/review-and-monitoring.md), all from one set of images.
    /// </summary>
    public static OutOfDomainCalibration Fit(IReadOnlyList<CalibrationImage> fit, IReadOnlyList<CalibrationImage> validation,
        IReadOnlyList<string> labels, float minConfidence, float quantile = DefaultQuantile)
    {
        if (fit.Count == 0 || validation.Count == 0)
            throw new InvalidDataException("calibration needs images both to fit the statistics and to set the threshold");
        var statistics = GaussianFitter.Fit(fit.Select(i => i.Features).ToList(), fit.Select(i => i.Label).ToList(), labels.Count);
        var scores = validation.Select(i => OutOfDomainDetector.Distance(statistics, i.Features)).ToArray();
        var threshold = MathF.Round(Quantile(scores, quantile), 4);

        var outOfDomain = scores.Count(s => s > threshold);
        var uncertain = validation.Where((image, n) => scores[n] <= threshold && image.Probabilities.Max() < minConfidence).Count();
        var card = new OutOfDomainCard
        {
            Method = OutOfDomainDetector.MahalanobisMethod,
            Threshold = threshold,
            Statistics = OutOfDomainDetector.StatisticsFileName,
            CalibratedQuantile = quantile,
        };
        var baseline = new ModelBaseline
        {
            LabelShares = SharesOf(validation.Select(i => i.Label), labels),
            UncertainRate = Rate(uncertain, validation.Count),
            OutOfDomainRate = Rate(outOfDomain, validation.Count),
            MeanConfidence = MathF.Round(validation.Average(i => i.Probabilities.Max()), 4),
        };
        return new OutOfDomainCalibration(statistics, card, baseline);
    }

    /// <summary>Label shares of a list of label indices, rounded for a readable card.</summary>
    public static IReadOnlyDictionary<string, float> SharesOf(IEnumerable<int> labelIndices, IReadOnlyList<string> labels)
    {
        var counts = new int[labels.Count];
        var total = 0;
        foreach (var l in labelIndices)
        {
            counts[l]++;
            total++;
        }
        return labels.Select((name, i) => (name, share: Rate(counts[i], total))).ToDictionary(p => p.name, p => p.share);
    }

    /// <summary>Writes the statistics file into the package folder and returns the card with the section and baseline.</summary>
    public ModelCard WriteInto(string packageDirectory, ModelCard card)
    {
        Statistics.Save(Path.Combine(packageDirectory, Card.Statistics!));
        // The statistics are this model's: a model.onnx replaced later makes them stale, and they are refused.
        var modelSha = FileHash.Sha256(Path.Combine(packageDirectory, ModelPackage.OnnxFileName));
        return card with { OutOfDomain = Card with { ModelSha256 = modelSha }, Baseline = Baseline };
    }

    /// <summary>The value under which <paramref name="q"/> of the scores lie (linear interpolation, as numpy's default).</summary>
    internal static float Quantile(IReadOnlyList<float> values, float q)
    {
        var sorted = values.Order().ToArray();
        var position = q * (sorted.Length - 1);
        var low = (int)Math.Floor(position);
        var high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + ((sorted[high] - sorted[low]) * (position - low));
    }

    private static float Rate(int count, int total) => total == 0 ? 0 : MathF.Round((float)count / total, 4);
}
