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
}
