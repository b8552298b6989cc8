using System.Reflection;

namespace Infra.Tests;

/// <summary>Where things are: the repository, the Bicep files, the Bicep CLI from NuGet.</summary>
internal static class Infra
{
    public static string RepositoryRoot { get; } = Metadata("RepositoryRoot");

    public static string Directory { get; } = Path.Combine(RepositoryRoot, "infra");

    public static string HooksDirectory { get; } = Path.Combine(Directory, "hooks");

    public static string BicepPath { get; } = Metadata("BicepPath");

    /// <summary>Every template and module under infra/, as paths relative to infra/.</summary>
    public static IReadOnlyList<string> BicepFiles { get; } =
        System.IO.Directory.EnumerateFiles(Directory, "*.bicep", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(Directory, path))
            .Order(StringComparer.Ordinal)
            .ToArray();

    public static IReadOnlyList<string> HookScripts { get; } =
        System.IO.Directory.EnumerateFiles(HooksDirectory, "*.sh")
            .Select(Path.GetFileName)
            .OfType<string>()
            .Order(StringComparer.Ordinal)
            .ToArray();

    /// <summary>scripts/smoke.sh, the check a user runs after `azd up`.</summary>
    public static string SmokeScript { get; } = Path.Combine(RepositoryRoot, "scripts", "smoke.sh");

    /// <summary>Every bash script of the deployment: the azd hooks and the smoke check.</summary>
    public static IReadOnlyList<string> ShellScripts { get; } =
        [.. HookScripts.Select(script => Path.Combine(HooksDirectory, script)), SmokeScript];

    public static ProcessResult Bicep(params string[] arguments) =>
        ProcessRunner.Run(BicepPath, arguments, workingDirectory: Directory);

    private static string Metadata(string key) =>
        typeof(Infra).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(attribute => attribute.Key == key)?.Value
        ?? throw new InvalidOperationException($"Assembly metadata '{key}' is missing; see Infra.Tests.csproj.");
}
