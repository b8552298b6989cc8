using SiteBuilder;

namespace Site.Tests.Builder;

public class CommandLineTests
{
    [Fact]
    public void Without_options_the_paths_default_to_the_repository_layout()
    {
        var options = BuildOptions.Parse([], Path.Combine(RepoPaths.Root, "web", "SiteBuilder"));

        Assert.Equal(Path.Combine(RepoPaths.Root, "content"), options.ContentDir);
        Assert.Equal(Path.Combine(RepoPaths.Root, "model", "default"), options.ModelDir);
        Assert.Equal(Path.Combine(RepoPaths.Root, "web", "site"), options.AssetsDir);
        Assert.Equal(Path.Combine(RepoPaths.Root, "web", "dist"), options.OutDir);
        Assert.Equal("/api", options.ApiBase);
    }

    [Fact]
    public void Relative_paths_are_taken_from_the_working_directory()
    {
        var options = BuildOptions.Parse(["--out", "site-out", "--api-base", "https://func.example/api"], "/tmp/work");

        Assert.Equal("/tmp/work/site-out", options.OutDir);
        Assert.Equal("https://func.example/api", options.ApiBase);
    }

    [Theory]
    [InlineData("--colour", "unknown option '--colour'")]
    [InlineData("--out", "option '--out' needs a value")]
    public void Bad_options_exit_with_code_1_and_say_why(string arg, string message)
    {
        var stderr = new StringWriter();

        var exitCode = SiteBuilderCli.Run([arg], RepoPaths.Root, TextWriter.Null, stderr);

        Assert.Equal(1, exitCode);
        Assert.Contains(message, stderr.ToString());
    }

    [Fact]
    public void A_good_build_exits_0_and_reports_the_pages()
    {
        using var site = new FixtureSite();
        var stdout = new StringWriter();

        var exitCode = SiteBuilderCli.Run(
            ["--content", site.ContentDir, "--model", site.ModelDir, "--assets", RepoPaths.SiteAssets, "--out", site.OutDir],
            site.Root, stdout, TextWriter.Null);

        Assert.Equal(0, exitCode);
        Assert.Contains($"built 7 pages into {site.OutDir}", stdout.ToString());
    }

    [Fact]
    public void Help_lists_every_option()
    {
        var stdout = new StringWriter();

        Assert.Equal(0, SiteBuilderCli.Run(["--help"], RepoPaths.Root, stdout, TextWriter.Null));
        foreach (var option in new[] { "--content", "--model", "--assets", "--out", "--api-base" })
        {
            Assert.Contains(option, stdout.ToString());
        }
    }
}
