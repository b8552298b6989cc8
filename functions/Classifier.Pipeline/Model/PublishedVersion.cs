using Classifier.Core.Model;

namespace Classifier.Pipeline.Model;

/// <summary>
/// One version a store can serve: published under <c>models/{name}/{version}/</c>, the files at the
/// container's root (the layout before versions, named by its card), or the built-in default.
/// <see cref="Complete"/> is false for a folder without its manifest (a publish that did not finish): it
/// cannot be loaded.
/// </summary>
public sealed record PublishedVersion(ModelVersion Version, PackageSource Source, string? Prefix, bool Complete, DateTimeOffset? PublishedAt, long Bytes)
{
    /// <summary>True for the files at the root of the models container.</summary>
    public bool IsRootLayout => Prefix == "";
}
