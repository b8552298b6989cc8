namespace Classifier.Pipeline.Deployment;

/// <summary>
/// Live and candidate on the same labelled images: each one's accuracy with a 95 % (Wilson) interval, how
/// often they agree, recall per label, and how many images there were. What the promote gate and
/// <c>classifier compare</c> show.
/// </summary>
public sealed record ComparisonReport(
    string Live,
    string Candidate,
    int Reviewed,
    ComparisonReport.Accuracy LiveAccuracy,
    ComparisonReport.Accuracy CandidateAccuracy,
    double Agreement,
    IReadOnlyList<ComparisonReport.LabelRecall> Recall,
    int Skipped)
{
    /// <summary>A share of correct answers and its 95 % interval.</summary>
    public sealed record Accuracy(int Correct, double Value, double Low, double High)
    {
        /// <summary>"76.0 % (66.8 %-83.3 %), 76 of 100".</summary>
        public string Describe(int total) => $"{Percent(Value)} ({Percent(Low)}-{Percent(High)}), {Correct} of {total}";
    }

    /// <summary>Of the images a person labelled <c>Label</c>, the share each model got right.</summary>
    public sealed record LabelRecall(string Label, int Count, double Live, double Candidate);

    /// <summary>The promote gate: why the candidate may not go live, or null when it may.</summary>
    public string? Refusal(int minReviewed)
    {
        if (Reviewed < minReviewed)
            return $"{Candidate} has scored {Reviewed} reviewed items, fewer than the {minReviewed} required (Deployment__MinReviewed)";
        if (CandidateAccuracy.Value < LiveAccuracy.Low)
        {
            return $"{Candidate} is worse than live {Live} by more than the interval: accuracy {Percent(CandidateAccuracy.Value)} against "
                + $"{Percent(LiveAccuracy.Value)} (95 % interval {Percent(LiveAccuracy.Low)}-{Percent(LiveAccuracy.High)}) on {Reviewed} reviewed items";
        }
        return null;
    }

    /// <summary>The Wilson score interval at 95 %: sound for small counts and for shares near 0 or 1.</summary>
    public static Accuracy Of(int correct, int total)
    {
        if (total == 0)
            return new Accuracy(0, 0, 0, 0);
        const double Z = 1.959964;
        var p = (double)correct / total;
        var denominator = 1 + Z * Z / total;
        var centre = (p + Z * Z / (2 * total)) / denominator;
        var half = Z * Math.Sqrt(p * (1 - p) / total + Z * Z / (4.0 * total * total)) / denominator;
        return new Accuracy(correct, p, Math.Max(0, centre - half), Math.Min(1, centre + half));
    }

    /// <summary>A share as the reports print it: one decimal, "76.0 %".</summary>
    public static string Percent(double share) => (share * 100).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + " %";
}
