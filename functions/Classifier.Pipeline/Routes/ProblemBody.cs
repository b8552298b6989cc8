using System.Text.Json.Serialization;

namespace Classifier.Pipeline.Routes;

/// <summary>The shape of every error body (RFC 9457), as <see cref="Http.Problems"/> writes it and the OpenAPI document describes it.</summary>
public sealed record ProblemBody(
    string Type,
    string Title,
    int Status,
    string Detail,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? CorrelationId);
