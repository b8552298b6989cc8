using System.Text.Json.Serialization;

namespace Classifier.Core.Model;

/// <summary>How an image is brought to the model's input size, as fastai's item transforms do it at inference.</summary>
[JsonConverter(typeof(CardEnumConverter<ResizeMethod>))]
public enum ResizeMethod
{
    /// <summary>Stretch the whole image to the target size.</summary>
    Squish,
    /// <summary>Scale the short side to fit, then cut the centre.</summary>
    Crop,
    /// <summary>Scale the long side to fit, then fill the rest as <see cref="PadMode"/> says.</summary>
    Pad,
    /// <summary>fastai's RandomResizedCrop at inference: squish to the size plus a margin (valXtra), then cut the centre.</summary>
    RandomResizedCrop,
}
