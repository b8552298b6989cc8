using System.Globalization;
using Classifier.Core.Inference;
using Classifier.Pipeline.Model;
using Classifier.Pipeline.Monitoring;
using Classifier.Pipeline.Review;

namespace Classifier.Pipeline.Deployment;

/// <summary>
/// The versions of the deployment record side by side for /api/stats: each one's answers (the hourly counters),
/// its background scores as shadow candidate (the comparisons table), its right answers on reviewed uploads (the
/// review table), and the record's changes in the window. Nothing here is on a prediction's path.
/// </summary>
public sealed class DeploymentMonitor(DeploymentStore? store, DeploymentFollower follower, ShadowComparisons shadows, ReviewQueue reviews)
{
    public const string Live = "live", Candidate = "candidate", Previous = "previous", Earlier = "earlier";

    /// <param name="hours">The hourly counters of the window, every version's (read once by the caller).</param>
    public async Task<DeploymentStats> ReadAsync(DateTimeOffset from, int days, IReadOnlyList<HourCount> hours, CancellationToken cancellation)
    {
        var record = follower.Current?.Record;
        ModelVersion live;
        if (record is not null)
        {
            live = record.Live;
        }
        else
        {
            using var served = await follower.LiveAsync(cancellation);
            live = served.Model.Version;
        }
        var roles = new List<(ModelVersion Version, string Role)> { (live, Live) };
        if (record?.Candidate is { } candidate)
            roles.Add((candidate, Candidate));
        if (record?.Previous is { } previous && previous != live)
            roles.Add((previous, Previous));
        var marks = store is null ? [] : (await store.HistoryAsync(from, cancellation)).Reverse().ToList();
        // A version the window's changes name but the record no longer does (a rolled-back candidate, say).
        foreach (var named in marks.SelectMany(m => new[] { m.Live, m.Candidate }).Select(ModelVersion.TryParse).OfType<ModelVersion>().Distinct())
        {
            if (roles.All(r => r.Version != named))
                roles.Add((named, Earlier));
        }

        var reviewed = store is null ? [] : await ReviewedAsync(from, cancellation);
        await shadows.FlushAsync(cancellation); // this instance's latest scores too
        var versions = new List<VersionStats>();
        foreach (var (version, role) in roles)
        {
            var shadowHours = await shadows.ReadAsync(version, cancellation);
            var series = Enumerable.Range(0, days).Select(offset => Day(from.AddDays(offset), version, hours, shadowHours, reviewed)).ToList();
            var mine = reviewed.Where(r => r.Version == version).ToList();
            var accuracy = mine.Count == 0 ? null
                : new VersionStats.ReviewedAccuracy(mine.Count, ComparisonReport.Of(mine.Count(r => r.Right), mine.Count));
            versions.Add(new VersionStats(version.Name, version.Version, role, accuracy, series));
        }
        return new DeploymentStats(record?.Mode ?? DeploymentMode.LiveOnly, record?.CanaryPercent ?? 0, versions, marks);
    }

    private static VersionStats.Day Day(DateTimeOffset day, ModelVersion version, IReadOnlyList<HourCount> hours,
        IReadOnlyList<ShadowHour> shadowHours, IReadOnlyList<ReviewedAnswer> reviewed)
    {
        var model = new ModelInfo(version.Name, version.Version);
        var answered = new CounterDelta();
        foreach (var hour in hours.Where(h => h.Model == model && h.Hour >= day && h.Hour < day.AddDays(1)))
            answered.Add(hour.Counts);
        var dayKey = day.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var shadowed = shadowHours.Where(h => h.Hour.StartsWith(dayKey, StringComparison.Ordinal)).ToList();
        long scored = shadowed.Sum(h => h.Scored), agreed = shadowed.Sum(h => h.Agreed);
        var labels = new Dictionary<string, long>(answered.Labels, StringComparer.Ordinal);
        foreach (var (label, count) in shadowed.SelectMany(h => h.CandidateLabels))
            labels[label] = labels.GetValueOrDefault(label) + count;
        var classified = answered.Classified + scored;
        double? Rate(long count) => classified == 0 ? null : Math.Round((double)count / classified, 4);
        var ofDay = reviewed.Where(r => r.Version == version && r.ProcessedAt >= day && r.ProcessedAt < day.AddDays(1)).ToList();
        return new VersionStats.Day(
            day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            answered.Total,
            scored,
            labels,
            Rate(answered.Status(PredictionStatus.Uncertain) + shadowed.Sum(h => h.CandidateUncertain)),
            Rate(answered.Status(PredictionStatus.OutOfDomain) + shadowed.Sum(h => h.CandidateOutOfDomain)),
            scored == 0 ? null : Math.Round((double)agreed / scored, 4),
            ofDay.Count,
            ofDay.Count(r => r.Right));
    }

    /// <summary>One version's label for one reviewed upload, and whether the reviewer agreed.</summary>
    private sealed record ReviewedAnswer(ModelVersion Version, DateTimeOffset ProcessedAt, bool Right);

    /// <summary>
    /// Every answer on the window's reviewed uploads: the version that queued each one, and the shadow candidate's
    /// label beside it for a disagreement. "none" (not one of the labels) is left out: no version could be right.
    /// </summary>
    private async Task<List<ReviewedAnswer>> ReviewedAsync(DateTimeOffset from, CancellationToken cancellation)
    {
        var answers = new List<ReviewedAnswer>();
        await foreach (var item in reviews.ReviewedAsync(cancellation))
        {
            if (item.ProcessedAt < from || item.ReviewedLabel is not { Length: > 0 } truth || truth == ReviewState.NoneLabel)
                continue;
            if (item.Label is { } label)
                answers.Add(new ReviewedAnswer(new ModelVersion(item.Model.Name, item.Model.Version), item.ProcessedAt, label == truth));
            if (item.CandidateLabel is { } other && ModelVersion.TryParse(item.CandidateModel) is { } candidate)
                answers.Add(new ReviewedAnswer(candidate, item.ProcessedAt, other == truth));
        }
        return answers;
    }
}
