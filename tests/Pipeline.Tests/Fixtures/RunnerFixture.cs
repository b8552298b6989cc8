using Classifier.LocalRunner;

namespace Pipeline.Tests.Fixtures;

/// <summary>The local runner on a private Azurite (<see cref="LocalRunnerServer"/>), serving a small site folder.</summary>
public sealed class RunnerFixture : IAsyncLifetime
{
    private LocalRunnerServer? _server;

    public LocalRunnerServer Server => _server ?? throw new InvalidOperationException("fixture not started");
    public LocalRunner Runner => Server.Runner;
    public string SiteRoot { get; } = Directory.CreateTempSubdirectory("runner-site-").FullName;
    public HttpClient Http { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        File.WriteAllText(Path.Combine(SiteRoot, "index.html"), "<!doctype html><title>Study companion</title><h1>Lesson 2</h1>");
        _server = await LocalRunnerServer.StartAsync(new RunnerOptions { SiteRoot = SiteRoot, ConfigureServices = HostServices.Serving() });
        Http = new HttpClient { BaseAddress = Runner.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        if (_server is not null)
            await _server.DisposeAsync();
        Directory.Delete(SiteRoot, recursive: true);
    }
}
