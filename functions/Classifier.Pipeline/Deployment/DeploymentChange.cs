using Classifier.Pipeline.Model;

namespace Classifier.Pipeline.Deployment;

/// <summary>
/// The three steps as changes of the record, with nothing else in them: each returns the new record, or
/// says why the action does not fit the present state (a 409) or the request is malformed (a 400).
/// </summary>
public static class DeploymentChange
{
    public const string Shadow = "shadow", Canary = "canary", Promote = "promote", Rollback = "rollback", Clear = "clear";

    public static readonly IReadOnlyList<string> Actions = [Shadow, Canary, Promote, Rollback, Clear];

    /// <summary>The outcome of one change: the new record, or a refusal with its status (400 or 409) and reason.</summary>
    public sealed record Outcome(DeploymentRecord? Record, int Status, string? Reason)
    {
        public static Outcome Ok(DeploymentRecord record) => new(record, 200, null);
        public static Outcome BadRequest(string reason) => new(null, 400, reason);
        public static Outcome Conflict(string reason) => new(null, 409, reason);
    }

    /// <param name="gateRefusal">Why the gate refuses a promote (null when it allows it); used only for promote.</param>
    public static Outcome Apply(DeploymentRecord current, DeploymentRequest request, ModelVersion? candidate, string? gateRefusal, string by, DateTimeOffset now)
    {
        var stamped = current with { ChangedBy = by, UpdatedAt = now, LastAction = request.Action ?? "", Forced = false };
        switch (request.Action)
        {
            case Shadow or Canary:
                var trial = candidate ?? current.Candidate;
                if (trial is null)
                    return Outcome.BadRequest($"{request.Action} needs a candidate: \"candidate\": \"name@version\"");
                if (trial == current.Live)
                    return Outcome.Conflict($"{trial} is already live; a candidate must be another version");
                if (current.Candidate is { } other && other != trial && current.Mode == DeploymentMode.Canary)
                    return Outcome.Conflict($"{other} is in canary; clear or promote it before trying {trial}");
                if (request.Action == Shadow)
                {
                    var share = request.Percent ?? 100;
                    if (share is < 1 or > 100)
                        return Outcome.BadRequest($"\"percent\" for shadow is the share of uploads the candidate scores, 1-100 (got {share})");
                    return Outcome.Ok(stamped with { Candidate = trial, Mode = DeploymentMode.Shadow, CanaryPercent = 0, ShadowShare = share / 100.0 });
                }
                if (request.Percent is not { } percent || percent is < 1 or > 100)
                    return Outcome.BadRequest($"canary needs \"percent\": the share of traffic the candidate answers, 1-100{(request.Percent is { } p ? $" (got {p})" : "")}");
                return Outcome.Ok(stamped with { Candidate = trial, Mode = DeploymentMode.Canary, CanaryPercent = percent });
            case Promote:
                if (current.Candidate is not { } promoted)
                    return Outcome.Conflict("there is no candidate to promote; start with shadow or canary");
                if (candidate is not null && candidate != promoted)
                    return Outcome.Conflict($"the candidate is {promoted}, not {candidate}");
                if (gateRefusal is not null && !request.Force)
                    return Outcome.Conflict($"the gate refuses to promote {promoted}: {gateRefusal} (\"force\": true overrides it, and the override is recorded)");
                return Outcome.Ok(stamped with
                {
                    Live = promoted,
                    Previous = current.Live,
                    Candidate = null,
                    Mode = DeploymentMode.LiveOnly,
                    CanaryPercent = 0,
                    Forced = gateRefusal is not null && request.Force,
                });
            case Rollback:
                if (current.Previous is not { } previous)
                {
                    return Outcome.Conflict(current.LastAction == Rollback
                        ? $"there is no previous version to roll back to: a rollback goes one step back, and {current.Live} is live again after the last one"
                        : $"there is no previous version to roll back to; {current.Live} has been live since the record began");
                }
                return Outcome.Ok(stamped with { Live = previous, Previous = null, Candidate = null, Mode = DeploymentMode.LiveOnly, CanaryPercent = 0 });
            case Clear:
                if (current.Candidate is null)
                    return Outcome.Conflict("there is no candidate to clear");
                return Outcome.Ok(stamped with { Candidate = null, Mode = DeploymentMode.LiveOnly, CanaryPercent = 0 });
            default:
                return Outcome.BadRequest($"\"action\" must be one of {string.Join(", ", Actions)} (got \"{request.Action}\")");
        }
    }
}
