namespace Classifier.Core.Inference;

/// <summary>
/// Where the image came from: a blob (container, name, ETag, size) or, in the CLI, a local file (container
/// "file"). Serialised as the prediction's <c>source</c> field (docs/local.md, "The API").
/// </summary>
public sealed record ImageSource(string Container, string Name, string? Etag, long Size);
