namespace Classifier.Pipeline.Deployment;

/// <summary>How the candidate takes part: not at all, scoring in the background (shadow), or answering a share (canary).</summary>
public static class DeploymentMode
{
    public const string LiveOnly = "live-only";
    public const string Shadow = "shadow";
    public const string Canary = "canary";

    public static bool IsValid(string? mode) => mode is LiveOnly or Shadow or Canary;
}
