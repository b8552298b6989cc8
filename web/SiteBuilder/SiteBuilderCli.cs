namespace SiteBuilder;

/// <summary>The command line: parse options, build, and turn input problems into one readable line and exit code 1.</summary>
public static class SiteBuilderCli
{
    public const string Usage = """
        Builds the study site (pages /, /recap/, /quiz/, /demo/, /model/) from Markdown.

        usage: dotnet run --project web/SiteBuilder -- [--content DIR] [--model DIR] [--assets DIR] [--out DIR] [--api-base URL]

          --content   lesson Markdown: index.md, recap.md, quiz.md, ...   (default: <repo>/content)
          --model     model folder whose README.md is the model card       (default: <repo>/model/default)
          --assets    CSS, JS and example images                           (default: <repo>/web/site)
          --out       output folder, cleared and rewritten                 (default: <repo>/web/dist)
          --api-base  URL the demo calls, written to config.js             (default: /api, same origin)
        """;

    public static int Run(IReadOnlyList<string> args, string workingDir, TextWriter stdout, TextWriter stderr)
    {
        if (args.Any(arg => arg is "-h" or "--help"))
        {
            stdout.WriteLine(Usage);
            return 0;
        }
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
