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

    protected override async Task<ISiteServer> StartServerAsync()
    {
        BuildRealSite(SiteRoot);
        return await LocalRunnerServer.StartAsync(SiteRoot);
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

    /// <summary>A private Azurite and the runner on a free 127.0.0.1 port; disposing stops the runner, then its storage.</summary>
    private sealed class LocalRunnerServer(AzuriteProcess azurite, LocalRunner runner) : ISiteServer
    {
        public Uri BaseAddress => runner.BaseAddress;

        public static async Task<LocalRunnerServer> StartAsync(string siteRoot)
        {
            var azurite = await AzuriteProcess.StartAsync();
            try
            {
                var runner = await LocalRunner.StartAsync(new RunnerOptions
                {
                    Port = 0,
                    StorageConnectionString = azurite.ConnectionString,
                    SiteRoot = siteRoot,
                    // One ONNX session for every test class in the process, as in production.
                    Classifier = SharedModel.Classifier,
                });
                return new LocalRunnerServer(azurite, runner);
            }
            catch
            {
                await azurite.DisposeAsync();
                throw;
            }
        }

        public async ValueTask DisposeAsync()
        {
            // The runner first: its blob host finishes the uploads in hand while storage is still there.
            try
            {
                await runner.DisposeAsync();
            }
            finally
            {
                await azurite.DisposeAsync();
            }
        }
    }
}
