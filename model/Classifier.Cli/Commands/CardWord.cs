using Classifier.Core.Model;

namespace Classifier.Cli.Commands;

/// <summary>Options that take a card value ("random-resized-crop") accept exactly the card's spelling.</summary>
internal static class CardWord
{
    public static string? Problem<T>(string option, string word) where T : struct, Enum =>
        CardNames.AllOf(typeof(T)).Contains(word, StringComparer.Ordinal)
            ? null
            : $"{option} {word}: use one of {string.Join(", ", CardNames.AllOf(typeof(T)))}";

    public static T Parse<T>(string word) where T : struct, Enum =>
        Enum.GetValues<T>().First(v => CardNames.Of(v) == word);
}
