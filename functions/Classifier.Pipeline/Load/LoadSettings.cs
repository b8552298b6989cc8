using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Classifier.Pipeline.Load;

/// <summary>
/// How much memory one process lets requests hold at once (settings Limits__*): body bytes and decoded
/// pixels. A request over either budget waits a short, bounded time, then gets 503 with Retry-After.
/// docs/reliability.md has the arithmetic behind the defaults (a 2,048 MB Flex Consumption instance).
/// </summary>
public sealed record LoadSettings
{
    /// <summary>48 megapixels: one 40-megapixel image at the pixel limit, or hundreds of photos decoded at the model's size.</summary>
    public const long DefaultPixelsInFlight = 48_000_000;

    /// <summary>96 MB: four 20 MB bodies in full, or thousands of slow ones that have sent a little.</summary>
    public const long DefaultBodyBytesInFlight = 96L * 1024 * 1024;

    /// <summary>Decoded pixels held at once by decodes (API and blob trigger together); a rotated photo counts twice.</summary>
    public long PixelsInFlight { get; init; } = DefaultPixelsInFlight;

    /// <summary>Bytes of request bodies held at once, counted as the buffers grow (not as declared).</summary>
    public long BodyBytesInFlight { get; init; } = DefaultBodyBytesInFlight;

    /// <summary>Requests that may wait for a share; the rest are turned away at once.</summary>
    public int QueueLength { get; init; } = 64;

    /// <summary>How long a request waits for a share before it is turned away.</summary>
    public TimeSpan QueueWait { get; init; } = TimeSpan.FromSeconds(5);

    public static LoadSettings From(IConfiguration configuration)
    {
        var section = configuration.GetSection("Limits");
        var defaults = new LoadSettings();
        return new LoadSettings
        {
            // The budgets are limiter permits: up to 2^31 - 1 pixels or bytes.
            PixelsInFlight = Whole(section, "PixelsInFlight", 1) ?? defaults.PixelsInFlight,
            BodyBytesInFlight = Whole(section, "BodyBytesInFlight", 1) ?? defaults.BodyBytesInFlight,
            QueueLength = Whole(section, "QueueLength", 0) ?? defaults.QueueLength,
            QueueWait = Whole(section, "QueueWaitMs", 0) is { } ms ? TimeSpan.FromMilliseconds(ms) : defaults.QueueWait,
        };
    }

    internal static int? Whole(IConfiguration section, string key, int minimum)
    {
        var text = section[key];
        if (string.IsNullOrWhiteSpace(text))
            return null;
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < minimum)
            throw new InvalidOperationException($"setting {((IConfigurationSection)section).Path.Replace(":", "__", StringComparison.Ordinal)}__{key} must be a whole number of at least {minimum} (got \"{text}\")");
        return value;
    }
}
