using System.Text.Json;

namespace Classifier.Core.Model;

/// <summary>The one place that turns a card enum value into the word the card uses.</summary>
public static class CardNames
{
    public static JsonNamingPolicy Policy { get; } = JsonNamingPolicy.KebabCaseLower;

    public static string Of<T>(T value) where T : struct, Enum => Policy.ConvertName(value.ToString());

    public static IReadOnlyList<string> AllOf(Type enumType) => Enum.GetNames(enumType).Select(Policy.ConvertName).ToList();
}
