namespace Classifier.Pipeline.Deployment;

/// <summary>One change of the deployment record, as the monitor marks it on its time axis.</summary>
public sealed record DeploymentMark(DateTimeOffset At, string Action, string Live, string? Candidate, string ChangedBy, bool Forced);
