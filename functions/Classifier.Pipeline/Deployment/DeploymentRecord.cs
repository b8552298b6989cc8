using Classifier.Pipeline.Model;

namespace Classifier.Pipeline.Deployment;

/// <summary>
/// The one deployment record of the app: which version answers, which is on trial and how, and where a
/// rollback returns to. Every instance follows it (<see cref="DeploymentFollower"/>); it is changed only by
/// <see cref="DeploymentChange"/> through <see cref="DeploymentStore"/>, guarded by its ETag.
/// </summary>
public sealed record DeploymentRecord
{
    public required ModelVersion Live { get; init; }
    public ModelVersion? Candidate { get; init; }
    public ModelVersion? Previous { get; init; }
    public string Mode { get; init; } = DeploymentMode.LiveOnly;

    /// <summary>0-100: the share of traffic the candidate answers in canary mode.</summary>
    public int CanaryPercent { get; init; }

    /// <summary>0-1: the share of blob uploads the candidate also scores in shadow mode.</summary>
    public double ShadowShare { get; init; } = 1.0;

    public string ChangedBy { get; init; } = "";
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The last change's action, and whether the gate was overridden with force (kept on the record).</summary>
    public string LastAction { get; init; } = "";
    public bool Forced { get; init; }

    /// <summary>The storage ETag this record was read with (empty for one not yet stored).</summary>
    public string ETag { get; init; } = "";

    /// <summary>What an app with no record serves: the version its model source gives, alone.</summary>
    public static DeploymentRecord Initial(ModelVersion live) => new() { Live = live };
}
