using SiteBuilder;

namespace Site.Tests.EndToEnd;

/// <summary>
/// Builds the site from the repository's real content/ and serves it with <see cref="StaticSiteServer"/>;
/// no API. To run these tests against the local runner instead, return a server that starts it
/// (serving the same built site at "/" and the API under "/api") from <see cref="StartServerAsync"/>.
/// </summary>
public sealed class StaticSiteFixture : BrowserSiteFixture
{
    public string SiteRoot { get; } = Directory.CreateTempSubdirectory("site-e2e-").FullName;

    protected override async Task<ISiteServer> StartServerAsync()
    {
        BuildRealSite(SiteRoot);
        return await StaticSiteServer.StartAsync(SiteRoot);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(SiteRoot, recursive: true);
        if (Directory.Exists(SiteRoot + "-model"))
        {
            Directory.Delete(SiteRoot + "-model", recursive: true);
        }
    }

    /// <summary>The real content, and the real model card once it exists (a stand-in card until then).</summary>
    public static void BuildRealSite(string outDir)
    {
        var modelDir = RepoPaths.DefaultModel;
        if (!File.Exists(Path.Combine(modelDir, "README.md")))
        {
            modelDir = Path.Combine(Path.GetDirectoryName(outDir)!, Path.GetFileName(outDir) + "-model");
            Directory.CreateDirectory(modelDir);
            File.WriteAllText(Path.Combine(modelDir, "README.md"), "# Model card\n\nThe default model's card is not written yet.\n");
        }
        Directory.Delete(outDir, recursive: true);
        SiteGenerator.Build(new BuildOptions(RepoPaths.Content, modelDir, RepoPaths.SiteAssets, outDir, BuildOptions.DefaultApiBase));
    }
}
