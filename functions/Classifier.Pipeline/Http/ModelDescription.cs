using System.Text.Json.Serialization;
using Classifier.Core.Imaging;
using Classifier.Core.Inference;
using Classifier.Core.Model;

namespace Classifier.Pipeline.Http;

/// <summary>
/// GET /api/model's body: what the demo shows about the served model, and the limits the routes enforce.
/// <see cref="Source"/> is "built-in" only when no model is configured at all, else "folder" or "storage".
/// </summary>
public sealed record ModelDescription(
    string Name,
    string Version,
    string Source,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Description,
    IReadOnlyList<string> Labels,
    ModelDescription.InputSize Input,
    string Resize,
    float MinConfidence,
    OutOfDomainSummary OutOfDomain,
    ModelDescription.EnforcedLimits Limits)
{
    /// <summary>The model's input in pixels.</summary>
    public sealed record InputSize(int Width, int Height);

    /// <summary>What the routes and the blob step enforce: the settings, whatever the classifier was loaded with.</summary>
    public sealed record EnforcedLimits(long MaxImageBytes, long MaxPixels, double MaxAspectRatio);

    public static ModelDescription Of(ImageClassifier classifier, ImageLimits limits)
    {
        var card = classifier.Card;
        return new(card.Name, card.Version, CardNames.Of(classifier.Package.Source), card.Description, card.Labels, new(card.Input.Width, card.Input.Height),
            CardNames.Of(card.Resize), classifier.MinConfidence, OutOfDomainSummary.Of(classifier),
            new(limits.MaxBytes, limits.MaxPixels, limits.MaxAspectRatio));
    }
}
