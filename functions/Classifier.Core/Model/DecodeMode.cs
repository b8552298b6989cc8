using System.Text.Json.Serialization;

namespace Classifier.Core.Model;

/// <summary>How a JPEG or WebP is decoded before the resize.</summary>
[JsonConverter(typeof(CardEnumConverter<DecodeMode>))]
public enum DecodeMode
{
    /// <summary>Scaled down in the codec (libjpeg-turbo's DCT scaling) to the smallest size still twice the model's input on each side.</summary>
    Fast,
    /// <summary>Every stored pixel, then the resize: bit-faithful to PIL's decode, as fastai loads an image.</summary>
    Exact,
}
