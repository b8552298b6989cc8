namespace SiteBuilder;

/// <summary>A page written to the output: its folder ("" for the home page, "quiz/") and title.</summary>
public sealed record SitePage(string PageDir, string Title, string SourcePath);
