namespace SiteBuilder;

public sealed record BuiltSite(string OutDir, IReadOnlyList<SitePage> Pages);
