namespace Classifier.Training;

/// <summary>The images a head is fitted on and those held out to choose its L2 strength and set the out-of-domain threshold.</summary>
/// <param name="PerLabel">True when the set was too small for a plain random split and was split label by label.</param>
public sealed record TrainingSplit(IReadOnlyList<LabeledImage> Train, IReadOnlyList<LabeledImage> Valid, bool PerLabel)
{
    /// <summary>Labels with no validation image (one image only): trained on, but their accuracy is not measured.</summary>
    public IReadOnlyList<string> UnvalidatedLabels => Train.Select(i => i.Label).Distinct().Where(l => Valid.All(v => v.Label != l)).ToList();

    /// <summary>"Bag 1 of 3, none 1 of 4": what was held out of each label.</summary>
    public string HeldOutPerLabel() => string.Join(", ", Train.Concat(Valid).GroupBy(i => i.Label).OrderBy(g => g.Key, StringComparer.Ordinal)
        .Select(g => $"{g.Key} {Valid.Count(v => v.Label == g.Key)} of {g.Count()}"));
}
