using Classifier.Core.Inference;
using Classifier.LocalRunner;

namespace Site.Tests.EndToEnd;

/// <summary>A private Azurite and the runner on a free 127.0.0.1 port; disposing stops the runner, then its storage.</summary>
public sealed class LocalRunnerServer(AzuriteProcess azurite, LocalRunner runner) : ISiteServer
{
    public LocalRunner Runner => runner;

    public Uri BaseAddress => runner.BaseAddress;

    public static async Task<LocalRunnerServer> StartAsync(string siteRoot, ImageClassifier classifier)
    {
        var azurite = await AzuriteProcess.StartAsync();
        try
        {
            var runner = await LocalRunner.StartAsync(new RunnerOptions
            {
                Port = 0,
                StorageConnectionString = azurite.ConnectionString,
                SiteRoot = siteRoot,
                Classifier = classifier,
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
