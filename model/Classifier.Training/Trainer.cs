using Classifier.Core.DefaultModel;
using Classifier.Core.Inference;
using Classifier.Training.OutOfDomain;

namespace Classifier.Training;

/// <summary>Frozen-backbone transfer learning: features once (cached), then a softmax-regression head.</summary>
public static class Trainer
{
    public static TrainResult Train(Dataset data, FeaturePipeline features, Func<string, FeatureCache> cacheFor, TrainOptions options,
        ITrainingProgress progress, CancellationToken cancel = default)
    {
        var split = DataSplit.ForTraining(data.Items, options.ValidPct, options.Seed);
        if (split.Valid.Count == 0)
            throw new InvalidDataException("every label has only one image, so none can be held out for validation: add a second image to at least one label");
        var (trainItems, validItems) = (split.Train, split.Valid);

        // The plain (unaugmented) cache serves training and validation images alike: open and read it once.
        using var plain = cacheFor("plain");
        var trainRows = new List<FeatureRow>();
        for (var v = 0; v <= options.Augment; v++)
        {
            using var augmented = v == 0 ? null : cacheFor($"aug{v}");
            var title = v == 0 ? "features: training images" : $"features: augmented variant {v}/{options.Augment}";
            trainRows.AddRange(features.Compute(trainItems, v, augmented ?? plain, progress.Stage(title, trainItems.Count), cancel));
        }
        var validRows = features.Compute(validItems, 0, plain, progress.Stage("features: validation images", validItems.Count), cancel);

        var skipped = trainRows.Concat(validRows).Where(r => r.Features is null && r.Variant == 0).ToList();
        var train = trainRows.Where(r => r.Features is not null).ToList();
        var valid = validRows.Where(r => r.Features is not null).ToList();
        if (train.Count == 0 || valid.Count == 0)
            throw new InvalidDataException("no readable images left to train or validate on");

        LinearHead Fit(IReadOnlyList<FeatureRow> rows, double l2, string title)
        {
            var bar = progress.Stage(title, options.Epochs, ProgressUnit.Epochs);
            return SoftmaxRegression.Train(rows.Select(r => r.Features!).ToList(), rows.Select(r => data.LabelIndex(r.Item.Label)).ToList(),
                data.Labels, new SoftmaxRegression.Settings(L2: l2, Epochs: options.Epochs, Seed: options.Seed),
                new Progress<double>(f => bar.Report((int)Math.Round(f * options.Epochs))));
        }

        var search = options.L2Grid.Select(l2 =>
        {
            var head = Fit(train, l2, $"fitting the head, L2 {L2Text(l2)}");
            return (L2: l2, Head: head, Validation: Evaluate(head, valid, data));
        }).ToList();
        var best = search.OrderByDescending(s => s.Validation.Accuracy).ThenByDescending(s => s.L2).First();
        var final = options.RefitOnAll ? Fit(train.Concat(valid).ToList(), best.L2, $"fitting the final head on all images, L2 {L2Text(best.L2)}") : best.Head;
        var outOfDomain = CalibrateOutOfDomain(final, train.Where(r => r.Variant == 0).ToList(), valid, data, options.MinConfidence);
        return new TrainResult(final, best.L2, best.Validation, search.Select(s => (s.L2, s.Validation.Accuracy)).ToList(), skipped,
            split, outOfDomain);
    }

    /// <summary>"1e-5", "2.5e-3": the way the L2 strengths are usually written.</summary>
    public static string L2Text(double l2) => l2.ToString("0.##e0", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Out-of-domain statistics from the (unaugmented) training images, threshold and baseline (rates and label shares) from the validation images.</summary>
    private static OutOfDomainCalibration CalibrateOutOfDomain(LinearHead head, IReadOnlyList<FeatureRow> train, IReadOnlyList<FeatureRow> valid,
        Dataset data, float minConfidence)
    {
        CalibrationImage ToImage(FeatureRow row) => new(FeatureExtractor.FeaturesOf(row.Features!), data.LabelIndex(row.Item.Label),
            ImageClassifier.Softmax(head.Logits(row.Features!)));
        return OutOfDomainCalibration.Fit(train.Select(ToImage).ToList(), valid.Select(ToImage).ToList(), data.Labels, minConfidence);
    }

    public static Evaluation Evaluate(LinearHead head, IReadOnlyList<FeatureRow> rows, Dataset data) =>
        Evaluation.From(data.Labels, rows.Select(r => data.LabelIndex(r.Item.Label)).ToList(),
            rows.Select(r => ImageClassifier.Softmax(head.Logits(r.Features!))).ToList(),
            rows.Select(r => r.Item.Id).ToList());
}
