namespace Classifier.Training;

/// <summary>A seeded random split: the same seed always gives the same validation set (fastai's RandomSplitter).</summary>
public static class DataSplit
{
    public static (IReadOnlyList<T> Train, IReadOnlyList<T> Valid) Random<T>(IReadOnlyList<T> items, double validPct, int seed)
    {
        if (validPct is < 0 or >= 1)
            throw new ArgumentOutOfRangeException(nameof(validPct), validPct, "the validation share must be at least 0 and below 1");
        var order = Enumerable.Range(0, items.Count).ToArray();
        new Random(seed).Shuffle(order);
        var validCount = (int)(validPct * items.Count);
        var valid = order.Take(validCount).Order().Select(i => items[i]).ToList();
        var train = order.Skip(validCount).Order().Select(i => items[i]).ToList();
        return (train, valid);
    }

    /// <summary>
    /// The random split when it leaves every label at least one training image and the validation set not empty;
    /// otherwise (a small set, such as a first export of reviews) a split per label: each label with two or more
    /// images holds out its share, at least one and never all, and a label with one image is trained on only.
    /// </summary>
    public static TrainingSplit ForTraining(IReadOnlyList<LabeledImage> items, double validPct, int seed)
    {
        var (train, valid) = Random(items, validPct, seed);
        var labels = items.Select(i => i.Label).Distinct().ToList();
        var everyLabelTrained = labels.All(l => train.Any(i => i.Label == l));
        if (valid.Count > 0 && everyLabelTrained)
            return new TrainingSplit(train, valid, PerLabel: false);

        var perLabelTrain = new List<LabeledImage>();
        var perLabelValid = new List<LabeledImage>();
        foreach (var label in labels)
        {
            var ofLabel = items.Where(i => i.Label == label).ToList();
            var heldOut = ofLabel.Count < 2 ? 0 : Math.Clamp((int)(validPct * ofLabel.Count), 1, ofLabel.Count - 1);
            var order = ofLabel.ToArray();
            new Random(seed).Shuffle(order);
            perLabelValid.AddRange(order.Take(heldOut));
            perLabelTrain.AddRange(order.Skip(heldOut));
        }
        return new TrainingSplit(perLabelTrain, perLabelValid, PerLabel: true);
    }
}
