namespace Classifier.Pipeline.Blobs;

/// <summary>Names for uploaded blobs: generated ones for the API, and the checks on names that come in a URL.</summary>
public static class BlobNames
{
    public const int MaxLength = 1024; // Azure's limit for a blob name

    private static readonly Dictionary<string, string> Extensions = new()
    {
        ["JPEG"] = ".jpg",
        ["PNG"] = ".png",
        ["WebP"] = ".webp",
        ["GIF"] = ".gif",
        ["BMP"] = ".bmp",
    };

    /// <summary>
    /// A name that sorts by upload time and cannot collide or be guessed; nothing of the client's file
    /// name is used, so nothing hostile can reach storage through it.
    /// </summary>
    public static string Generate(string format, DateTimeOffset now) =>
        $"{now.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}-{Guid.NewGuid():N}{Extensions.GetValueOrDefault(format, ".img")}";

    /// <summary>
    /// Why a name taken from a URL must not be used, or null when it is fine: one path segment, no
    /// parent references, no slashes (plain or percent-encoded), no control characters, not too long.
    /// </summary>
    public static string? Problem(string? name)
    {
        if (string.IsNullOrEmpty(name))
            return "the name is empty";
        if (name.Length > MaxLength)
            return $"the name is {name.Length} characters long; at most {MaxLength} are allowed";
        if (name.Any(char.IsControl))
            return "the name contains control characters";
        if (name.Contains("..", StringComparison.Ordinal))
            return "the name contains '..'";
        if (name.Contains('/') || name.Contains('\\'))
            return "the name contains a slash";
        if (name.Contains("%2f", StringComparison.OrdinalIgnoreCase) || name.Contains("%5c", StringComparison.OrdinalIgnoreCase))
            return "the name contains an encoded slash";
        if (name.Contains('%'))
            return "the name contains a percent sign (double encoding)";
        if (name.Trim() != name || name.EndsWith('.'))
            return "the name starts or ends with a space or ends with a dot";
        return null;
    }
}
