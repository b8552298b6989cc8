using Classifier.Core.DefaultModel;
using Classifier.Core.Model;

namespace Classifier.Core.Training;

public sealed record TrainOptions
{
    public double ValidPct { get; init; } = 0.2;
    public int Seed { get; init; } = 42;
    public ResizeMethod Resize { get; init; } = ResizeMethod.Squish;
    public int Augment { get; init; }
    public IReadOnlyList<double> L2Grid { get; init; } = [1e-5, 1e-4, 1e-3, 1e-2];
    public int Epochs { get; init; } = 30;
    /// <summary>After choosing the regularisation on the validation split, fit the final head on every image.</summary>
    public bool RefitOnAll { get; init; }
}

/// <summary>Progress callbacks for long work; a CLI draws bars from them.</summary>
public interface ITrainingProgress
{
    IProgress<int> Stage(string name, int total);
}

public sealed record TrainResult(LinearHead Head, double L2, Evaluation Validation, IReadOnlyList<(double L2, double Accuracy)> Search,
    IReadOnlyList<FeatureRow> Skipped, int TrainCount, int ValidCount);

/// <summary>Frozen-backbone transfer learning: features once (cached), then a softmax-regression head.</summary>
public static class Trainer
{
    public static TrainResult Train(Dataset data, FeaturePipeline features, Func<string, FeatureCache> cacheFor, TrainOptions options,
        ITrainingProgress progress, CancellationToken cancel = default)
    {
        var (trainItems, validItems) = DataSplit.Random(data.Items, options.ValidPct, options.Seed);
        if (validItems.Count == 0)
            throw new InvalidDataException("the validation set is empty: use more images or a larger --valid-pct");

        var trainRows = new List<FeatureRow>();
        for (var v = 0; v <= options.Augment; v++)
        {
            using var cache = cacheFor(v == 0 ? "plain" : $"aug{v}");
            var title = v == 0 ? "features: training images" : $"features: augmented variant {v}/{options.Augment}";
            trainRows.AddRange(features.Compute(trainItems, v, cache, progress.Stage(title, trainItems.Count), cancel));
        }
        List<FeatureRow> validRows;
        using (var cache = cacheFor("plain"))
            validRows = features.Compute(validItems, 0, cache, progress.Stage("features: validation images", validItems.Count), cancel).ToList();

        var skipped = trainRows.Concat(validRows).Where(r => r.Features is null && r.Variant == 0).ToList();
        var train = trainRows.Where(r => r.Features is not null).ToList();
        var valid = validRows.Where(r => r.Features is not null).ToList();
        if (train.Count == 0 || valid.Count == 0)
            throw new InvalidDataException("no readable images left to train or validate on");

        LinearHead Fit(IReadOnlyList<FeatureRow> rows, double l2, string title)
        {
            var bar = progress.Stage(title, 100);
            return SoftmaxRegression.Train(rows.Select(r => r.Features!).ToList(), rows.Select(r => data.LabelIndex(r.Item.Label)).ToList(),
                data.Labels, new SoftmaxRegression.Settings(L2: l2, Epochs: options.Epochs, Seed: options.Seed),
                new Progress<double>(f => bar.Report((int)(f * 100))));
        }

        var search = new List<(double, double, LinearHead, Evaluation)>();
        foreach (var l2 in options.L2Grid)
        {
            var head = Fit(train, l2, $"head: L2 {l2:G2}");
            search.Add((l2, Evaluate(head, valid, data).Accuracy, head, Evaluate(head, valid, data)));
        }
        var best = search.OrderByDescending(s => s.Item2).ThenByDescending(s => s.Item1).First();
        var final = options.RefitOnAll ? Fit(train.Concat(valid).ToList(), best.Item1, "head: final fit on all images") : best.Item3;
        return new TrainResult(final, best.Item1, best.Item4, search.Select(s => (s.Item1, s.Item2)).ToList(), skipped, trainItems.Count, validItems.Count);
    }

    public static Evaluation Evaluate(LinearHead head, IReadOnlyList<FeatureRow> rows, Dataset data) =>
        Evaluation.From(data.Labels, rows.Select(r => data.LabelIndex(r.Item.Label)).ToList(),
            rows.Select(r => Inference.ImageClassifier.Softmax(head.Logits(r.Features!))).ToList(),
            rows.Select(r => r.Item.Id).ToList());
}
