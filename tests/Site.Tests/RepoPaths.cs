using SiteBuilder;

namespace Site.Tests;

/// <summary>Locations in the repository, found from the test binary by walking up to Serverless.sln.</summary>
public static class RepoPaths
{
    public static string Root { get; } = BuildOptions.FindRepositoryRoot(AppContext.BaseDirectory)
        ?? throw new InvalidOperationException("Serverless.sln not found above the test binaries");

    public static string Content => Path.Combine(Root, "content");
    public static string SiteAssets => Path.Combine(Root, "web", "site");
    public static string DefaultModel => Path.Combine(Root, "model", "default");
    public static string Screenshots => Path.Combine(Root, "TestResults", "screenshots");
}
