using System.Text.Json.Serialization;

namespace Classifier.Pipeline.Deployment;

/// <summary>
/// POST /api/deployment's body: <c>{"action": "shadow"|"canary"|"promote"|"rollback"|"clear", "candidate":
/// "name@version", "percent": n, "force": bool, "by": "who"}</c>. <c>percent</c> is the canary's share of
/// traffic (1-100), or for shadow the share of uploads the candidate scores (default 100).
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record DeploymentRequest
{
    public string? Action { get; init; }
    public string? Candidate { get; init; }
    public int? Percent { get; init; }
    public bool Force { get; init; }
    public string? By { get; init; }
}
