namespace SiteBuilder;

/// <summary>The command line: parse options, build, and turn input problems into one readable line and exit code 1.</summary>
public static class SiteBuilderCli
{
    public static int Run(IReadOnlyList<string> args, string workingDir, TextWriter stdout, TextWriter stderr)
    {
        try
        {
            var options = BuildOptions.Parse(args, workingDir);
            var site = SiteGenerator.Build(options);
            stdout.WriteLine($"built {site.Pages.Count} pages into {options.OutDir}");
            return 0;
        }
        catch (SiteBuildException error)
        {
            stderr.WriteLine($"site builder: {error.Message}");
            return 1;
        }
    }
}
