namespace Infra.Tests;

/// <summary>
/// Every .bicep file compiles and passes the linter with nothing to say. The CLI exits 0 on
/// warnings, so any output at all counts as a failure.
/// </summary>
public class BicepTemplatesBuildAndLintWithoutDiagnostics
{
    public static TheoryData<string> BicepFiles => new(Infra.BicepFiles);

    [Fact]
    public void The_templates_and_their_modules_are_all_found()
    {
        Assert.Contains("main.bicep", Infra.BicepFiles);
        Assert.Contains("eventgrid.bicep", Infra.BicepFiles);
        Assert.Contains(Path.Combine("modules", "functionapp.bicep"), Infra.BicepFiles);
    }

    [Fact]
    public void The_build_prints_nothing()
    {
        Assert.True(CompiledTemplates.Build.ExitCode == 0, $"bicep build exited {CompiledTemplates.Build.ExitCode}");
        Assert.Equal("", CompiledTemplates.Build.AllOutput);
    }

    [Fact]
    public void The_linter_prints_nothing()
    {
        Assert.True(CompiledTemplates.Lint.ExitCode == 0, $"bicep lint exited {CompiledTemplates.Lint.ExitCode}");
        Assert.Equal("", CompiledTemplates.Lint.AllOutput);
    }

    [Theory]
    [MemberData(nameof(BicepFiles))]
    public void The_file_compiles_to_an_arm_template_without_diagnostics(string bicepFile)
    {
        Assert.Empty(LinesAbout(bicepFile, CompiledTemplates.Build));
        Assert.True(File.Exists(CompiledTemplates.CompiledPath(bicepFile)), $"No ARM JSON was written for {bicepFile}.");
    }

    [Theory]
    [MemberData(nameof(BicepFiles))]
    public void The_file_has_no_lint_diagnostics(string bicepFile)
    {
        Assert.Empty(LinesAbout(bicepFile, CompiledTemplates.Lint));
    }

    private static string[] LinesAbout(string bicepFile, ProcessResult result) =>
        result.AllOutput.Split('\n')
            .Where(line => line.Contains(Path.Combine(Infra.Directory, bicepFile) + "(", StringComparison.Ordinal))
            .ToArray();
}
