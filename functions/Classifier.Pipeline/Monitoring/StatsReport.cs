using Classifier.Core.Model;
using Classifier.Pipeline.Deployment;

namespace Classifier.Pipeline.Monitoring;

/// <summary>
/// GET /api/stats' body: the counters per day from <see cref="From"/>, how drift is measured against <see cref="Baseline"/>,
/// and the deployment's versions side by side with the record's changes (null without storage).
/// </summary>
public sealed record StatsReport(
    int Days,
    string From,
    StatsReport.ModelName Model,
    StatsReport.DriftMeasureInfo Measure,
    ModelBaseline? Baseline,
    string? Note,
    IReadOnlyList<StatsReport.Day> Series,
    DeploymentStats? Deployment = null)
{
    public sealed record ModelName(string Name, string Version);

    public sealed record ModelTotal(string Name, string Version, long Total);

    /// <summary>The drift measure's name and the values at which to watch and to act.</summary>
    public sealed record DriftMeasureInfo(string Name, double Watch, double Alert);

    /// <summary>One day of every shard and model version; <see cref="Drift"/> is for the model served now, null without a baseline or predictions.</summary>
    public sealed record Day(
        string Date,
        long Total,
        IReadOnlyDictionary<string, long> Statuses,
        IReadOnlyDictionary<string, long> Labels,
        double? MeanConfidence,
        double UncertainRate,
        double OutOfDomainRate,
        IReadOnlyList<ModelTotal> Models,
        DayDrift? Drift);

    /// <summary>The served model's day against its card's baseline: PSI of the label mix and the change of each rate.</summary>
    public sealed record DayDrift(
        double Psi,
        bool Alert,
        long Predictions,
        double UncertainRateChange,
        double OutOfDomainRateChange,
        double? MeanConfidenceChange);
}
