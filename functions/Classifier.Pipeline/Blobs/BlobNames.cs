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
    /// An upload's name taken from a review URL, where it may lie in virtual folders
    /// (<c>phone/2026-12-02/cat.png</c>): its slashes come as %2F, which routing leaves encoded, or plain.
    /// Each folder and the file name must pass <see cref="Problem"/>; an empty one (a leading, trailing or
    /// double slash) is refused too. Returns the blob name, or null and why it is refused.
    /// </summary>
    public static (string? Name, string? Problem) UploadPath(string? routed)
    {
        if (string.IsNullOrEmpty(routed))
            return (null, "the name is empty");
        var name = routed.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);
        if (name.Length > MaxLength)
            return (null, $"the name is {name.Length} characters long; at most {MaxLength} are allowed");
        foreach (var part in name.Split('/'))
        {
            if (part.Length == 0)
                return (null, "the name has an empty folder (a leading, trailing or double slash)");
            if (Problem(part) is { } why)
                return (null, why);
        }
        return (name, null);
    }

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
