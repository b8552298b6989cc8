using System.Globalization;

namespace Classifier.Cli.Commands;

/// <summary>A byte count as a person reads it: KB under a megabyte, else MB with one decimal.</summary>
internal static class Sizes
{
    public static string Of(long bytes) => bytes < 1024 * 1024
        ? string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KB")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024.0):0.0} MB");
}
