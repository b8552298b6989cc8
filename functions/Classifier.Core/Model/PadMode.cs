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
