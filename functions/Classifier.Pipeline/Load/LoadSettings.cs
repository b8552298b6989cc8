using Classifier.Core.Settings;

namespace Classifier.Pipeline.Load;

/// <summary>
/// How much memory one process lets requests hold at once (settings Limits__*): body bytes and decoded
/// pixels. A request over either budget waits a short, bounded time, then gets 503 with Retry-After.
/// docs/reliability.md has the arithmetic behind the defaults (a 2,048 MB Flex Consumption instance).
/// </summary>
[SettingsSection("Limits")]
public sealed record LoadSettings
{
    /// <summary>48 megapixels: one 40-megapixel image at the pixel limit, or hundreds of photos decoded at the model's size.</summary>
    public const long DefaultPixelsInFlight = 48_000_000;

    /// <summary>96 MB: four 20 MB bodies in full, or thousands of slow ones that have sent a little.</summary>
    public const long DefaultBodyBytesInFlight = 96L * 1024 * 1024;

    /// <summary>Decoded pixels held at once by decodes (API and blob trigger together); a rotated photo counts twice.</summary>
    [SettingRange(1, int.MaxValue)] // the budgets are limiter permits: up to 2^31 - 1 pixels or bytes
    public long PixelsInFlight { get; init; } = DefaultPixelsInFlight;

    /// <summary>Bytes of request bodies held at once, counted as the buffers grow (not as declared).</summary>
    [SettingRange(1, int.MaxValue)]
    public long BodyBytesInFlight { get; init; } = DefaultBodyBytesInFlight;

    /// <summary>Requests that may wait for a share; the rest are turned away at once.</summary>
    [SettingRange(0, int.MaxValue)]
    public int QueueLength { get; init; } = 64;

    /// <summary>How long a request waits for a share before it is turned away, in milliseconds (Limits__QueueWaitMs).</summary>
    [SettingRange(0, int.MaxValue)]
    public int QueueWaitMs { get; init; } = 5000;

    public TimeSpan QueueWait => TimeSpan.FromMilliseconds(QueueWaitMs);
}
