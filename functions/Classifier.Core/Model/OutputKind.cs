using System.Text.Json.Serialization;

namespace Classifier.Core.Model;

/// <summary>Whether the model's output still needs a softmax.</summary>
[JsonConverter(typeof(CardEnumConverter<OutputKind>))]
public enum OutputKind
{
    Probabilities,
    Logits,
}
