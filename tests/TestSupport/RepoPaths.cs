using System.Reflection;

namespace TestSupport;

/// <summary>Locations in the repository the tests read from and write to.</summary>
public static class RepoPaths
{
    public static string Root => Repository.Root;

    public static string Content => Path.Combine(Root, "content");
    public static string SiteAssets => Path.Combine(Root, "web", "site");
    public static string DefaultModel => Path.Combine(Root, "model", "default");
    public static string Screenshots => Path.Combine(Root, "TestResults", "screenshots");

    /// <summary>The configuration the tests were built in (Debug or Release): the Functions build output sits beside them.</summary>
    public static string Configuration { get; } =
        typeof(RepoPaths).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    public static string FunctionsOutput => Path.Combine(Root, "functions", "Classifier.Functions", "bin", Configuration, "net10.0");
}
