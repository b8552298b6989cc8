namespace Infra.Tests;

/// <summary>infra/hooks/build-site.sh against a stand-in dotnet: the site builder gets the API base.</summary>
public sealed class SiteBuildHookBakesInTheDeployedApiBase : IDisposable
{
    private readonly FakeCommands commands = new();

    public SiteBuildHookBakesInTheDeployedApiBase() => commands.Add("dotnet");

    [Fact]
    public void The_site_builder_runs_with_the_api_base_from_the_azd_environment()
    {
        var output = Path.Combine(commands.Folder, "dist");
        Directory.CreateDirectory(output);
        File.WriteAllText(Path.Combine(output, "stale.html"), "from an earlier build");

        var result = commands.RunHook("build-site.sh", new Dictionary<string, string?>
        {
            ["SITE_API_BASE"] = "https://func-test.azurewebsites.net/api/public",
            ["SITE_OUT_DIR"] = output,
        });

        Assert.True(result.ExitCode == 0, result.AllOutput);
        var call = Assert.Single(commands.Calls);
        Assert.Equal(
            [
                "run", "--project", Path.Combine(Infra.RepositoryRoot, "web", "SiteBuilder"), "--configuration", "Release", "--",
                "--content", Path.Combine(Infra.RepositoryRoot, "content"),
                "--model", Path.Combine(Infra.RepositoryRoot, "model", "default"),
                "--assets", Path.Combine(Infra.RepositoryRoot, "web", "site"),
                "--out", output,
                "--api-base", "https://func-test.azurewebsites.net/api/public",
            ],
            call);
        Assert.False(File.Exists(Path.Combine(output, "stale.html")), "Old pages would be deployed with the new ones.");
    }

    [Fact]
    public void Without_a_provisioned_environment_it_stops_before_building()
    {
        var result = commands.RunHook("build-site.sh", new Dictionary<string, string?> { ["SITE_API_BASE"] = null });

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("SITE_API_BASE", result.StandardError, StringComparison.Ordinal);
        Assert.Empty(commands.Calls);
    }

    public void Dispose() => commands.Dispose();
}
