namespace Classifier.Pipeline.Http;

/// <summary>GET /api/health's body: "ok" once the model is loaded, "degraded" while it cannot be; nothing more for strangers.</summary>
public sealed record HealthReport(string Status)
{
    public static HealthReport Ok { get; } = new("ok");
    public static HealthReport Degraded { get; } = new("degraded");
}
