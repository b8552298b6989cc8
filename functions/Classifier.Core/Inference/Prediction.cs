using System.Text.Json;
using System.Text.Json.Serialization;
using Classifier.Core.Imaging;

namespace Classifier.Core.Inference;

public sealed record LabelProbability(string Label, float Probability);

public sealed record ModelInfo(string Name, string Version);

/// <summary>How far the image's features lie from the training data, and the card's threshold for "out-of-domain".</summary>
public sealed record OutOfDomainScore(float Score, float Threshold);

/// <summary>Milliseconds spent preparing the image (decode, orientation, resize, tensor), running the model, and in total.</summary>
public sealed record Timings(double PreprocessMs, double InferenceMs, double TotalMs);

/// <summary>
/// Where the image came from: a blob (container, name, ETag, size) or, in the CLI, a local file (container
/// "file"). Serialised as the prediction's <c>source</c> field (docs/local.md, "The API").
/// </summary>
public sealed record ImageSource(string Container, string Name, string? Etag, long Size);

/// <summary>
/// The prediction JSON shared by the HTTP response and the result blob (docs/local.md, "The API"). Blob results add
/// <see cref="Source"/>, <see cref="ProcessedAt"/> and, when rejected, <see cref="Error"/>.
/// </summary>
public sealed record Prediction
{
    public string? Label { get; init; }
    public float Confidence { get; init; }
    public PredictionStatus Status { get; init; }
    public IReadOnlyList<LabelProbability> Predictions { get; init; } = [];
    /// <summary>Absent for a model without a features output or without out-of-domain statistics.</summary>
    public OutOfDomainScore? OutOfDomain { get; init; }
    public required ModelInfo Model { get; init; }
    public Timings? Timings { get; init; }
    public ImageSource? Source { get; init; }
    public DateTimeOffset? ProcessedAt { get; init; }
    public string? Error { get; init; }
    /// <summary>Why the image was rejected, for hosts that answer with a status; not part of the JSON.</summary>
    [JsonIgnore]
    public ImageProblem? Problem { get; init; }

    public static Prediction Rejected(ModelInfo model, string reason) =>
        new() { Status = PredictionStatus.Rejected, Model = model, Error = reason };

    public static Prediction Rejected(ModelInfo model, ImageRejectedException rejected) =>
        Rejected(model, rejected.Message) with { Problem = rejected.Problem };

    /// <summary>camelCase names, enum values in kebab case ("out-of-domain"), absent fields left out.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public static Prediction FromJson(string json) =>
        JsonSerializer.Deserialize<Prediction>(json, JsonOptions) ?? throw new JsonException("empty prediction");
}
