using System.Globalization;

namespace Classifier.Training;

/// <summary>
/// One label's figures. Precision is null when no image was predicted as the label, recall when no image of
/// it was evaluated: a share of nothing, which a table shows as "n/a", not as a 0 % that reads like a failure.
/// </summary>
public sealed record ClassMetrics(string Label, double? Precision, double? Recall, int Support)
{
    /// <summary>"97.5 %", or "n/a" for a share of nothing.</summary>
    public static string Percent(double? share) => share is { } value ? value.ToString("P1", CultureInfo.InvariantCulture) : "n/a";
}
