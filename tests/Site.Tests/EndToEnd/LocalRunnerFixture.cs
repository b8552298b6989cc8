using Classifier.LocalRunner;
using SiteBuilder;

namespace Site.Tests.EndToEnd;

/// <summary>
/// Builds the site from the repository's real content/ and serves it the way developers run it: the local
/// runner (site at "/", the API under "/api", the blob trigger) on a private Azurite, with the real default model.
/// </summary>
public sealed class LocalRunnerFixture : BrowserSiteFixture
{
    public string SiteRoot { get; } = Directory.CreateTempSubdirectory("site-e2e-").FullName;

    protected override async Task<LocalRunnerServer> StartServerAsync()
    {
        BuildRealSite(SiteRoot);
        // One ONNX session for every test class in the process, as in production.
        return await LocalRunnerServer.StartAsync(new RunnerOptions { SiteRoot = SiteRoot, ConfigureServices = HostServices.Serving() });
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        DeleteRealSite(SiteRoot);
    }

    /// <summary>Removes what <see cref="BuildRealSite"/> wrote, the stand-in card's folder included.</summary>
    public static void DeleteRealSite(string outDir)
    {
        Directory.Delete(outDir, recursive: true);
        if (Directory.Exists(outDir + "-model"))
            Directory.Delete(outDir + "-model", recursive: true);
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
