namespace SiteBuilder;

/// <summary>
/// npm packages the site's scripts import, copied from node_modules into assets/vendor/ (no bundler, no CDN):
/// the Porter stemmer the quiz grader uses. The version is pinned in the repository's package-lock.json.
/// </summary>
public static class VendorModules
{
    public const string Folder = "vendor";

    /// <summary>Package file in node_modules, and the name it gets under assets/vendor/.</summary>
    public static readonly IReadOnlyList<(string Source, string Target)> All =
    [
        ("stemmer/index.js", "stemmer.js"),
        ("stemmer/license", "stemmer.LICENSE.txt"),
    ];

    /// <summary>Copies every vendored file, looking for node_modules in the assets folder and its parents.</summary>
    public static void Copy(string assetsDir, string assetsOutDir)
    {
        var nodeModules = FindNodeModules(assetsDir)
            ?? throw new SiteBuildException($"node_modules/{All[0].Source} not found above {assetsDir}; run 'npm ci' in the repository root");
        foreach (var (source, target) in All)
        {
            var destination = Path.Combine(assetsOutDir, Folder, target);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(Path.Combine(nodeModules, source), destination, overwrite: true);
        }
    }

    private static string? FindNodeModules(string from)
    {
        for (var dir = new DirectoryInfo(Path.GetFullPath(from)); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "node_modules");
            if (All.All(file => File.Exists(Path.Combine(candidate, file.Source))))
            {
                return candidate;
            }
        }
        return null;
    }
}
