namespace Classifier.Pipeline.Deployment;

/// <summary>
/// /api/stats' <c>deployment</c> section: the versions of the record (live, the candidate, the previous one, and any other a change in the window named) side by
/// side, and each change of the record in the window, for the monitor to mark on its time axis (oldest first).
/// </summary>
public sealed record DeploymentStats(string Mode, int CanaryPercent, IReadOnlyList<VersionStats> Versions, IReadOnlyList<DeploymentMark> Marks);
