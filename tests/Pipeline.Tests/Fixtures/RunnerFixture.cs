using Classifier.LocalRunner;

namespace Pipeline.Tests.Fixtures;

/// <summary>A private Azurite and the local runner on a free loopback port, serving a small site folder.</summary>
public sealed class RunnerFixture : IAsyncLifetime
{
    public AzuriteFixture Azurite { get; } = new();
    public LocalRunner Runner { get; private set; } = null!;
    public string SiteRoot { get; } = Directory.CreateTempSubdirectory("runner-site-").FullName;
    public HttpClient Http { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        File.WriteAllText(Path.Combine(SiteRoot, "index.html"), "<!doctype html><title>Study companion</title><h1>Lesson 2</h1>");
        await Azurite.InitializeAsync();
        Runner = await LocalRunner.StartAsync(new RunnerOptions
        {
            Port = 0,
            StorageConnectionString = Azurite.ConnectionString,
            SiteRoot = SiteRoot,
            Classifier = SharedModel.Classifier,
        });
        Http = new HttpClient { BaseAddress = Runner.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        if (Runner is not null)
            await Runner.DisposeAsync();
        await Azurite.DisposeAsync();
        Directory.Delete(SiteRoot, recursive: true);
    }
}
