namespace SiteBuilder;

/// <summary>A file a page links to that must be copied beside it: source path and path inside the output.</summary>
public sealed record PageAsset(string SourcePath, string OutputRelativePath);
