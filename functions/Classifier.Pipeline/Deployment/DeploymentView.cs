using Classifier.Pipeline.Model;

namespace Classifier.Pipeline.Deployment;

/// <summary>GET /api/deployment's body (and POST's on success): the record, and how the candidate compares so far.</summary>
public sealed record DeploymentView(
    DeploymentView.VersionName Live,
    DeploymentView.VersionName? Candidate,
    DeploymentView.VersionName? Previous,
    string Mode,
    int CanaryPercent,
    double ShadowShare,
    DateTimeOffset? UpdatedAt,
    string? ChangedBy,
    string? LastAction,
    bool Forced,
    DeploymentView.ComparisonSummary? Comparison)
{
    /// <summary>A version as {"name", "version"}.</summary>
    public sealed record VersionName(string Name, string Version)
    {
        public static VersionName? Of(ModelVersion? version) => version is null ? null : new VersionName(version.Name, version.Version);
    }

    /// <summary>Shadow scores so far (scored, agreement) and the last gate run on reviewed items (reviewed, accuracies).</summary>
    public sealed record ComparisonSummary(long Scored, double? Agreement, int? Reviewed, double? LiveAccuracy, double? CandidateAccuracy);

    public static DeploymentView Of(DeploymentRecord record, bool stored, ComparisonSummary? comparison) => new(
        VersionName.Of(record.Live)!, VersionName.Of(record.Candidate), VersionName.Of(record.Previous), record.Mode, record.CanaryPercent, record.ShadowShare,
        stored ? record.UpdatedAt : null, stored ? record.ChangedBy : null, stored ? record.LastAction : null, record.Forced, comparison);
}
