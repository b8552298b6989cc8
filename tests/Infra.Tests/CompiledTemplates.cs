using System.Text.Json.Nodes;

namespace Infra.Tests;

/// <summary>
/// The Bicep CLI run once per test run over every file under infra/ (one process each for
/// build and lint: the CLI takes seconds to start). The build writes to a temporary folder that
/// is removed when the test process exits; main.json, eventgrid.json and demo-keys.json are read from it.
/// </summary>
internal static class CompiledTemplates
{
    private const string AllBicepFiles = "**/*.bicep";

    private static readonly Lazy<(ProcessResult Result, string OutputDirectory)> LazyBuild = new(() =>
    {
        var outputDirectory = Directory.CreateTempSubdirectory("infra-tests-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(outputDirectory, recursive: true);
        return (Infra.Bicep("build", "--pattern", AllBicepFiles, "--outdir", outputDirectory), outputDirectory);
    });

    private static readonly Lazy<ProcessResult> LazyLint = new(() => Infra.Bicep("lint", "--pattern", AllBicepFiles));

    private static readonly Lazy<ArmTemplate> LazyMain = new(() => Read("main.bicep"));
    private static readonly Lazy<ArmTemplate> LazyEventGrid = new(() => Read("eventgrid.bicep"));
    private static readonly Lazy<ArmTemplate> LazyDemoKeys = new(() => Read("demo-keys.bicep"));

    public static ProcessResult Build => LazyBuild.Value.Result;

    public static ProcessResult Lint => LazyLint.Value;

    public static ArmTemplate Main => LazyMain.Value;

    public static ArmTemplate EventGrid => LazyEventGrid.Value;

    public static ArmTemplate DemoKeys => LazyDemoKeys.Value;

    /// <summary>Where the build wrote the ARM JSON of a .bicep file given relative to infra/.</summary>
    public static string CompiledPath(string bicepFile) =>
        Path.Combine(LazyBuild.Value.OutputDirectory, Path.ChangeExtension(bicepFile, ".json"));

    private static ArmTemplate Read(string bicepFile)
    {
        Assert.True(Build.ExitCode == 0, $"bicep build failed:\n{Build.AllOutput}");
        return new ArmTemplate(JsonNode.Parse(File.ReadAllText(CompiledPath(bicepFile)))!.AsObject());
    }
}
