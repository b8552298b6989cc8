namespace Classifier.Pipeline.Monitoring;

/// <summary>
/// Population stability index of a label mix against the training mix:
/// PSI = sum over labels of (actual - expected) x ln(actual / expected), shares floored at <see cref="Floor"/>
/// so a label never seen does not divide by zero. Under 0.1 the mix is stable, 0.1 to 0.25 worth watching,
/// over 0.25 a real shift (the usual reading of the index).
/// </summary>
public static class DriftMeasure
{
    public const string Name = "population stability index (PSI) of the label mix against the model card's baseline label shares";
    public const double Floor = 1e-4;
    public const double Watch = 0.1;
    public const double Alert = 0.25;

    public static double PopulationStabilityIndex(IReadOnlyDictionary<string, long> counts, IReadOnlyDictionary<string, float> expectedShares)
    {
        var total = (double)counts.Values.Sum();
        if (total <= 0)
            return 0;
        var labels = expectedShares.Keys.Union(counts.Keys);
        var psi = 0.0;
        foreach (var label in labels)
        {
            var actual = Math.Max(counts.GetValueOrDefault(label) / total, Floor);
            var expected = Math.Max(expectedShares.GetValueOrDefault(label), Floor);
            psi += (actual - expected) * Math.Log(actual / expected);
        }
        return psi;
    }
}
