using System.Text.Json.Serialization;

namespace Classifier.Core.Model;

/// <summary>Whether a photo's EXIF orientation tag is applied before the model sees it.</summary>
[JsonConverter(typeof(CardEnumConverter<ImageOrientation>))]
public enum ImageOrientation
{
    /// <summary>Turn the picture upright as a phone or browser shows it.</summary>
    Exif,
    /// <summary>Use the pixels as stored, as fastai's <c>PILImage.create</c> does.</summary>
    Ignore,
}
