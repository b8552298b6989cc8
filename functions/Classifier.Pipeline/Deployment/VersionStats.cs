namespace Classifier.Pipeline.Deployment;

/// <summary>
/// One version in /api/stats' <c>deployment</c> section, beside the others: what it answered and what it scored in
/// the background (shadow), day by day, and how often it was right on the uploads a person reviewed.
/// </summary>
/// <param name="Role">live, candidate, previous, or earlier (named by a change in the window, no longer by the record).</param>
/// <param name="Reviewed">Its answers on the reviewed uploads of the window (labels it could give; "none" is left out), or null when none.</param>
public sealed record VersionStats(string Name, string Version, string Role, VersionStats.ReviewedAccuracy? Reviewed, IReadOnlyList<VersionStats.Day> Series)
{
    /// <summary>The share right among <paramref name="Items"/> reviewed uploads, with its 95 % Wilson interval.</summary>
    public sealed record ReviewedAccuracy(int Items, ComparisonReport.Accuracy Accuracy);

    /// <param name="Answered">Predictions this version gave as the answer (live, or the candidate in canary).</param>
    /// <param name="Shadowed">Uploads it scored in the background as the shadow candidate.</param>
    /// <param name="Labels">Its label mix over both.</param>
    /// <param name="Agreement">As the shadow candidate: the share of its scores that agreed with live; null when it scored none.</param>
    /// <param name="Reviewed">Reviewed uploads of the day it gave a label for, and how many of those were right.</param>
    public sealed record Day(
        string Date,
        long Answered,
        long Shadowed,
        IReadOnlyDictionary<string, long> Labels,
        double? UncertainRate,
        double? OutOfDomainRate,
        double? Agreement,
        int Reviewed,
        int ReviewedCorrect);
}
