using System.Text.Json;
using System.Text.Json.Serialization;

namespace Classifier.Core.Model;

/// <summary>How the border is filled when <c>resize</c> is <c>pad</c>: fastai's <c>PadMode</c>, which pads with torchvision.</summary>
[JsonConverter(typeof(CardEnumConverter<PadMode>))]
public enum PadMode
{
    /// <summary>Mirror the image at its edge, without repeating the edge pixel (fastai's default).</summary>
    Reflection,
    /// <summary>Black.</summary>
    Zeros,
    /// <summary>Repeat the edge pixel outwards.</summary>
    Border,
}

/// <summary>Whether a photo's EXIF orientation tag is applied before the model sees it.</summary>
[JsonConverter(typeof(CardEnumConverter<ImageOrientation>))]
public enum ImageOrientation
{
    /// <summary>Turn the picture upright as a phone or browser shows it.</summary>
    Exif,
    /// <summary>Use the pixels as stored, as fastai's <c>PILImage.create</c> does.</summary>
    Ignore,
}

/// <summary>How a JPEG or WebP is decoded before the resize.</summary>
[JsonConverter(typeof(CardEnumConverter<DecodeMode>))]
public enum DecodeMode
{
    /// <summary>Scaled down in the codec (libjpeg-turbo's DCT scaling) to the smallest size still twice the model's input on each side.</summary>
    Fast,
    /// <summary>Every stored pixel, then the resize: bit-faithful to PIL's decode, as fastai loads an image.</summary>
    Exact,
}

/// <summary>
/// Card enums are written in kebab case ("random-resized-crop") wherever they are serialised; reading
/// is checked to the letter by <see cref="CardJsonChecker"/> before this converter sees a value.
/// </summary>
public sealed class CardEnumConverter<T>() : JsonStringEnumConverter<T>(CardNames.Policy, allowIntegerValues: false)
    where T : struct, Enum;

/// <summary>The one place that turns a card enum value into the word the card uses.</summary>
public static class CardNames
{
    public static JsonNamingPolicy Policy { get; } = JsonNamingPolicy.KebabCaseLower;

    public static string Of<T>(T value) where T : struct, Enum => Policy.ConvertName(value.ToString());

    public static IReadOnlyList<string> AllOf(Type enumType) => Enum.GetNames(enumType).Select(Policy.ConvertName).ToList();
}
