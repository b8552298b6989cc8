namespace Infra.Tests;

/// <summary>
/// The azd hooks and scripts/smoke.sh are bash: each parses (bash -n) and is clean under ShellCheck. ShellCheck is a
/// Debian package (apt-get install -y shellcheck); without it this test fails and says so.
/// </summary>
public class HookScriptsPassShellChecks
{
    public static TheoryData<string> Scripts =>
        new(Infra.ShellScripts.Select(script => Path.GetRelativePath(Infra.RepositoryRoot, script)));

    [Fact]
    public void Both_hooks_are_found()
    {
        Assert.Equal(["build-site.sh", "postdeploy.sh"], Infra.HookScripts);
    }

    [Fact]
    public void The_smoke_check_is_among_them_and_executable()
    {
        Assert.Contains(Infra.SmokeScript, Infra.ShellScripts);
        if (!OperatingSystem.IsWindows())
        {
            Assert.True(File.GetUnixFileMode(Infra.SmokeScript).HasFlag(UnixFileMode.UserExecute), "scripts/smoke.sh is not executable.");
        }
    }

    [Theory]
    [MemberData(nameof(Scripts))]
    public void The_script_parses(string script)
    {
        var result = ProcessRunner.Run("bash", ["-n", script], Infra.RepositoryRoot);

        Assert.True(result.ExitCode == 0, result.AllOutput);
        Assert.Equal("", result.AllOutput);
    }

    [Theory]
    [MemberData(nameof(Scripts))]
    public void ShellCheck_finds_nothing(string script)
    {
        var shellcheck = new[] { "/usr/bin/shellcheck", "/usr/local/bin/shellcheck" }.FirstOrDefault(File.Exists);
        Assert.True(shellcheck is not null, "shellcheck is not installed: apt-get install -y shellcheck");

        var result = ProcessRunner.Run(shellcheck, ["--shell=bash", "--severity=style", script], Infra.RepositoryRoot);

        Assert.True(result.ExitCode == 0, result.AllOutput);
        Assert.Equal("", result.AllOutput);
    }
}
