using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Classifier.Pipeline.Deployment;

/// <summary>Settings of the rollout (section "Deployment", Deployment__* in app settings).</summary>
public sealed record DeploymentSettings
{
    /// <summary>How often each instance reads the deployment record (Deployment__PollSeconds, default 5; a change applies within 30 s).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The share of direct POST /api/predict calls the candidate scores in shadow mode (Deployment__PredictShadowShare, default 0.1).</summary>
    public double PredictShadowShare { get; init; } = 0.1;

    /// <summary>The fewest reviewed items the candidate must have scored before promote is allowed (Deployment__MinReviewed, default 30).</summary>
    public int MinReviewed { get; init; } = 30;

    public static DeploymentSettings From(IConfiguration configuration)
    {
        var section = configuration.GetSection("Deployment");
        return new DeploymentSettings
        {
            PollInterval = TimeSpan.FromSeconds(Number(section, "PollSeconds", 0.1, 30) ?? 5),
            PredictShadowShare = Number(section, "PredictShadowShare", 0, 1) ?? 0.1,
            MinReviewed = (int)(Number(section, "MinReviewed", 0, 1_000_000) ?? 30),
        };
    }

    private static double? Number(IConfiguration section, string key, double min, double max)
    {
        var text = section[key];
        if (string.IsNullOrWhiteSpace(text))
            return null;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
            throw new InvalidOperationException($"setting Deployment__{key} must be a number from {min} to {max} (got \"{text}\")");
        return value;
    }
}
