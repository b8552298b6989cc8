namespace Classifier.Training;

/// <summary>A labelled collection of images and the label vocabulary in a fixed order.</summary>
public sealed record Dataset(string Name, IReadOnlyList<string> Labels, IReadOnlyList<LabeledImage> Items)
{
    public int LabelIndex(string label) => Labels.IndexOf(label) is var i and >= 0 ? i : throw new KeyNotFoundException(label);

    /// <summary>At most <paramref name="perLabel"/> images of each label (the first ones, in order): for quick runs on big sets.</summary>
    public Dataset TakePerLabel(int perLabel)
    {
        var taken = new Dictionary<string, int>();
        var items = Items.Where(item => (taken[item.Label] = taken.GetValueOrDefault(item.Label) + 1) <= perLabel).ToList();
        return this with { Items = items };
    }
}
