using System.Reflection;

namespace Pipeline.Tests.Fixtures;

internal static class RepoPaths
{
    /// <summary>The configuration this test assembly was built in (Debug or Release): the Functions build output sits beside it.</summary>
    public static string Configuration { get; } =
        typeof(RepoPaths).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    public static string FunctionsOutput => Path.Combine(Repository.Root, "functions", "Classifier.Functions", "bin", Configuration, "net10.0");
}
