using System.Text.Json.Serialization;

namespace Classifier.Core.Model;

/// <summary>
/// Card enums are written in kebab case ("random-resized-crop") wherever they are serialised; reading
/// is checked to the letter by <see cref="CardJsonChecker"/> before this converter sees a value.
/// </summary>
public sealed class CardEnumConverter<T>() : JsonStringEnumConverter<T>(CardNames.Policy, allowIntegerValues: false)
    where T : struct, Enum;
