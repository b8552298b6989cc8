namespace SiteBuilder;

/// <summary>Where the builder reads from and writes to, and the API base URL written into config.js.</summary>
public sealed record BuildOptions(string ContentDir, string ModelDir, string AssetsDir, string OutDir, string ApiBase)
{
    public const string DefaultApiBase = "/api";

    /// <summary>
    /// Parses <c>--content --model --assets --out --api-base</c>; paths default to the usual places
    /// under the repository root (the folder holding Serverless.sln above <paramref name="workingDir"/>).
    /// </summary>
    public static BuildOptions Parse(IReadOnlyList<string> args, string workingDir)
    {
        var values = new Dictionary<string, string>();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name is not ("--content" or "--model" or "--assets" or "--out" or "--api-base"))
            {
                throw new SiteBuildException($"unknown option '{name}'; expected --content, --model, --assets, --out or --api-base");
            }
            if (i + 1 >= args.Count)
            {
                throw new SiteBuildException($"option '{name}' needs a value");
            }
            values[name] = args[++i];
        }

        var root = FindRepositoryRoot(workingDir);
        string PathOf(string option, string defaultRelative) =>
            Path.GetFullPath(values.TryGetValue(option, out var given) ? given : Path.Combine(root ?? workingDir, defaultRelative), workingDir);

        return new BuildOptions(
            PathOf("--content", "content"),
            PathOf("--model", Path.Combine("model", "default")),
            PathOf("--assets", Path.Combine("web", "site")),
            PathOf("--out", Path.Combine("web", "dist")),
            values.GetValueOrDefault("--api-base", DefaultApiBase));
    }

    public static string? FindRepositoryRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Serverless.sln")))
            {
                return dir.FullName;
            }
        }
        return null;
    }
}
