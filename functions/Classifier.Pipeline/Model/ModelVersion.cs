using System.Text.RegularExpressions;
using Classifier.Core.Model;

namespace Classifier.Pipeline.Model;

/// <summary>
/// A model version as people write it, <c>name@version</c>: the card's name and version, and the folder
/// <c>models/{name}/{version}/</c> it is published under. The built-in default counts as one.
/// </summary>
public sealed partial record ModelVersion(string Name, string Version)
{
    /// <summary>The built-in default model (source built-in): can be live, a candidate, or what a rollback returns to.</summary>
    public static ModelVersion BuiltIn { get; } = new("fashion-resnet18", "2.0.0");

    public static ModelVersion Of(ModelCard card) => new(card.Name, card.Version);

    /// <summary>The folder of a published version inside the models container, with a trailing '/'.</summary>
    public string Prefix => $"{Name}/{Version}/";

    public override string ToString() => $"{Name}@{Version}";

    /// <summary>Null when the text is not name@version with a usable name and version; see <see cref="Problem"/>.</summary>
    public static ModelVersion? TryParse(string? text)
    {
        var at = text?.LastIndexOf('@') ?? -1;
        if (text is null || at <= 0)
            return null;
        var version = new ModelVersion(text[..at].Trim(), text[(at + 1)..].Trim());
        return version.Problem() is null ? version : null;
    }

    /// <summary>Why this name and version cannot be a storage folder, or null when they can.</summary>
    public string? Problem() =>
        !Part().IsMatch(Name) ? $"the model name \"{Name}\" must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit"
        : !Part().IsMatch(Version) ? $"the version \"{Version}\" must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit"
        : null;

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex Part();
}
