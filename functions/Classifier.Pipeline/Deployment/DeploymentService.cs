using Classifier.Pipeline.Model;

namespace Classifier.Pipeline.Deployment;

/// <summary>
/// One change of the deployment record from a request, the same for the route and for `classifier rollout`:
/// the candidate must be published, promote asks the gate, and the record is written with the ETag it was
/// read with. The caller says how the gate compares (the app with its loaded models, the CLI by loading both).
/// </summary>
public sealed class DeploymentService(DeploymentStore store, ModelVersionStore? versions, DeploymentSettings settings, TimeProvider clock)
{
    /// <summary>Scores live and the candidate on the reviewed production images.</summary>
    public delegate Task<ComparisonReport> Compare(ModelVersion live, ModelVersion candidate, CancellationToken cancellation);

    /// <summary>The stored record, or the one an app with none serves: <paramref name="initialLive"/> alone.</summary>
    public async Task<(DeploymentRecord Record, bool Stored)> ReadAsync(Func<CancellationToken, Task<ModelVersion>> initialLive, CancellationToken cancellation) =>
        await store.ReadAsync(cancellation) is { } stored ? (stored, true) : (DeploymentRecord.Initial(await initialLive(cancellation)), false);

    /// <returns>The outcome; its record is the one written. The gate's report, when promote ran it.</returns>
    public async Task<(DeploymentChange.Outcome Outcome, ComparisonReport? Gate)> ChangeAsync(DeploymentRequest change, string by,
        Func<CancellationToken, Task<ModelVersion>> initialLive, Compare compare, CancellationToken cancellation)
    {
        ModelVersion? candidate = null;
        if (change.Candidate is not null)
        {
            candidate = ModelVersion.TryParse(change.Candidate);
            if (candidate is null)
                return (DeploymentChange.Outcome.BadRequest($"\"candidate\" must be name@version, as `classifier versions` lists them (got \"{change.Candidate}\")"), null);
            if (await UnpublishedAsync(candidate, cancellation) is { } unknown)
                return (DeploymentChange.Outcome.BadRequest(unknown), null);
        }
        var stored = await store.ReadAsync(cancellation);
        var current = stored ?? DeploymentRecord.Initial(await initialLive(cancellation));
        ComparisonReport? gate = null;
        if (change.Action == DeploymentChange.Promote && current.Candidate is { } promoted)
            gate = await compare(current.Live, promoted, cancellation);
        var outcome = DeploymentChange.Apply(current, change, candidate, gate?.Refusal(settings.MinReviewed), by, clock.GetUtcNow());
        if (outcome.Record is not { } next)
            return (outcome, gate);
        if (!await store.TryWriteAsync(next, stored?.ETag ?? "", cancellation))
            return (DeploymentChange.Outcome.Conflict("the deployment record was changed by someone else meanwhile; read it again and retry"), gate);
        return (DeploymentChange.Outcome.Ok(await store.ReadAsync(cancellation) ?? next), gate);
    }

    /// <summary>Why <paramref name="version"/> cannot be tried (not published, or only half), naming what is published; null when it can.</summary>
    public async Task<string?> UnpublishedAsync(ModelVersion version, CancellationToken cancellation)
    {
        var published = versions is not null ? await versions.ListAsync(cancellation) : [new PublishedVersion(ModelVersion.BuiltIn, Classifier.Core.Model.PackageSource.BuiltIn, null, true, null, 0)];
        if (published.Any(p => p.Version == version && p.Complete))
            return null;
        var names = string.Join(", ", published.Where(p => p.Complete).Select(p => p.Version.ToString()));
        return published.Any(p => p.Version == version)
            ? $"{version} is not completely published (no manifest): run `classifier publish` for it again"
            : $"unknown version {version}; published: {names}";
    }
}
