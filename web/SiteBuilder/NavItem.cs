namespace SiteBuilder;

/// <summary>A link in the site's navigation.</summary>
public sealed record NavItem(string PageDir, string Label);
