using System.Text.Json;
using System.Text.Json.Serialization;

namespace Classifier.Core.Inference;

/// <summary>
/// The prediction JSON shared by the HTTP response and the result blob (docs/local.md, "The API"). Blob results add
/// <see cref="Source"/>, <see cref="ProcessedAt"/> and, when rejected, <see cref="Error"/>. Fields that do not
/// apply are left out, not written as null.
/// </summary>
public sealed record Prediction
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Label { get; init; }
    public float Confidence { get; init; }
    public PredictionStatus Status { get; init; }
    public IReadOnlyList<LabelProbability> Predictions { get; init; } = [];
    /// <summary>Absent for a model without a features output or without out-of-domain statistics.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public OutOfDomainScore? OutOfDomain { get; init; }
    public required ModelInfo Model { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Timings? Timings { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ImageSource? Source { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? ProcessedAt { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Error { get; init; }

    public static Prediction Rejected(ModelInfo model, string reason) =>
        new() { Status = PredictionStatus.Rejected, Model = model, Error = reason };

    public string ToJson() => JsonSerializer.Serialize(this, ApiJson.Options);

    public static Prediction FromJson(string json) =>
        JsonSerializer.Deserialize<Prediction>(json, ApiJson.Options) ?? throw new JsonException("empty prediction");
}
