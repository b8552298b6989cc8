namespace Classifier.Pipeline.Routes;

/// <summary>The shape of every error body (RFC 9457), for the OpenAPI document; <see cref="Http.Problems"/> writes them.</summary>
public sealed record ProblemBody(string Type, string Title, int Status, string Detail, string? CorrelationId);
