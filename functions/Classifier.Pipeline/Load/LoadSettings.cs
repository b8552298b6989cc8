using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Classifier.Pipeline.Load;

/// <summary>
/// How much work one process takes on at once (settings Limits__*). Requests beyond it wait a short,
/// bounded time without their bodies being read, then get 503 with Retry-After.
/// </summary>
public sealed record LoadSettings
{
    /// <summary>Decode + inference at once; more than the cores only adds memory, not speed.</summary>
    public int ClassificationsInFlight { get; init; } = Math.Max(2, Environment.ProcessorCount);

    /// <summary>Request bodies held in memory at once (each at most Classifier__MaxImageBytes).</summary>
    public int BodiesInFlight { get; init; } = 16;

    /// <summary>Requests that may wait for a slot; the rest are turned away at once.</summary>
    public int QueueLength { get; init; } = 64;

    /// <summary>How long a request waits for a slot before it is turned away.</summary>
    public TimeSpan QueueWait { get; init; } = TimeSpan.FromSeconds(5);

    public static LoadSettings From(IConfiguration configuration)
    {
        var section = configuration.GetSection("Limits");
        var defaults = new LoadSettings();
        return new LoadSettings
        {
            ClassificationsInFlight = Whole(section, "ClassificationsInFlight", 1) ?? defaults.ClassificationsInFlight,
            BodiesInFlight = Whole(section, "BodiesInFlight", 1) ?? defaults.BodiesInFlight,
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
