namespace Site.Tests;

/// <summary>Locations in the repository the site tests read from and write to.</summary>
public static class RepoPaths
{
    public static string Root => Repository.Root;

    public static string Content => Path.Combine(Root, "content");
    public static string SiteAssets => Path.Combine(Root, "web", "site");
    public static string DefaultModel => Path.Combine(Root, "model", "default");
    public static string Screenshots => Path.Combine(Root, "TestResults", "screenshots");
}
