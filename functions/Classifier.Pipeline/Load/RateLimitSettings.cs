using Classifier.Core.Settings;
using Microsoft.Extensions.Configuration;

namespace Classifier.Pipeline.Load;

/// <summary>Per-client limits on the anonymous routes (settings RateLimit__*).</summary>
[SettingsSection("RateLimit")]
public sealed record RateLimitSettings
{
    /// <summary>Tokens a client gets back per minute (the sustained rate).</summary>
    [SettingRange(1, int.MaxValue)]
    public int PermitsPerMinute { get; init; } = 120;

    /// <summary>Tokens a client can spend at once (a burst, say a demo page's first few calls).</summary>
    [SettingRange(1, int.MaxValue)]
    public int Burst { get; init; } = 30;

    /// <summary>Leave callers on 127.0.0.1/::1 unlimited: the local runner's own user (off on Azure, where the host's own proxying is on loopback).</summary>
    public bool ExemptLoopback { get; init; } = true;

    /// <summary>
    /// A request header that holds the caller's address, set only behind a front end that overwrites it
    /// (Azure Front Door's X-Azure-ClientIP). Null: the connection's address, which no client can choose.
    /// </summary>
    public string? ClientAddressHeader { get; init => field = string.IsNullOrWhiteSpace(value) ? null : value.Trim(); }

    public static RateLimitSettings From(IConfiguration configuration) => SettingsRegistration.Read<RateLimitSettings>(configuration);
}
