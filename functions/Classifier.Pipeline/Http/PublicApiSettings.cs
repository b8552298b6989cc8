using Classifier.Core.Settings;

namespace Classifier.Pipeline.Http;

/// <summary>The anonymous api/public/... twins (Api__* settings).</summary>
[SettingsSection("Api")]
public sealed record PublicApiSettings
{
    public const long DefaultPublicMaxImageBytes = 4L * 1024 * 1024;
    public const long DefaultPublicMaxPixels = 16_000_000;

    /// <summary>Opens the twin routes (the deployed demo site uses them).</summary>
    public bool PublicDemo { get; init; }

    /// <summary>Largest image in bytes the twins take; never more than Classifier__MaxImageBytes.</summary>
    [SettingRange(0)]
    public long PublicMaxImageBytes { get; init; } = DefaultPublicMaxImageBytes;

    /// <summary>Largest image in pixels the twins take; never more than Classifier__MaxPixels.</summary>
    [SettingRange(0)]
    public long PublicMaxPixels { get; init; } = DefaultPublicMaxPixels;
}
