using Microsoft.Extensions.Configuration;

namespace Classifier.Pipeline.Load;

/// <summary>Per-client limits on the anonymous routes (settings RateLimit__*).</summary>
public sealed record RateLimitSettings
{
    /// <summary>Tokens a client gets back per minute (the sustained rate).</summary>
    public int PermitsPerMinute { get; init; } = 120;

    /// <summary>Tokens a client can spend at once (a burst, say a demo page's first few calls).</summary>
    public int Burst { get; init; } = 30;

    /// <summary>Leave callers on 127.0.0.1/::1 unlimited: the local runner's own user.</summary>
    public bool ExemptLoopback { get; init; } = true;

    public static RateLimitSettings From(IConfiguration configuration)
    {
        var section = configuration.GetSection("RateLimit");
        var defaults = new RateLimitSettings();
        return new RateLimitSettings
        {
            PermitsPerMinute = LoadSettings.Whole(section, "PermitsPerMinute", 1) ?? defaults.PermitsPerMinute,
            Burst = LoadSettings.Whole(section, "Burst", 1) ?? defaults.Burst,
            ExemptLoopback = bool.TryParse(section["ExemptLoopback"], out var exempt) ? exempt : defaults.ExemptLoopback,
        };
    }
}
