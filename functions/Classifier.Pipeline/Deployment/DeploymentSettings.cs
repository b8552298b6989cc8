using Classifier.Core.Settings;
using Microsoft.Extensions.Configuration;

namespace Classifier.Pipeline.Deployment;

/// <summary>Settings of the rollout (section "Deployment", Deployment__* in app settings).</summary>
[SettingsSection("Deployment")]
public sealed record DeploymentSettings
{
    /// <summary>How often each instance reads the deployment record (Deployment__PollSeconds, default 5; a change applies within 30 s).</summary>
    [SettingRange(0.1, 30)]
    public double PollSeconds { get; init; } = 5;

    public TimeSpan PollInterval => TimeSpan.FromSeconds(PollSeconds);

    /// <summary>The share of direct POST /api/predict calls the candidate scores in shadow mode (Deployment__PredictShadowShare, default 0.1).</summary>
    [SettingRange(0, 1)]
    public double PredictShadowShare { get; init; } = 0.1;

    /// <summary>The fewest reviewed items the candidate must have scored before promote is allowed (Deployment__MinReviewed, default 30).</summary>
    [SettingRange(0, 1_000_000)]
    public int MinReviewed { get; init; } = 30;

    public static DeploymentSettings From(IConfiguration configuration) => SettingsRegistration.Read<DeploymentSettings>(configuration);
}
