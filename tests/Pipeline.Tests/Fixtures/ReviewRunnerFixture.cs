using System.Net.Http.Json;
using System.Text.Json;
using Classifier.Core.DefaultModel;
using Classifier.Core.Inference;
using Classifier.LocalRunner;

namespace Pipeline.Tests.Fixtures;

/// <summary>
/// The local runner on a private Azurite (<see cref="LocalRunnerServer"/>) whose real model asks for more than
/// certainty (minConfidence just over 1: a softmax can round to exactly 1.0), so every picture comes back
/// "uncertain" and enters the review queue.
/// </summary>
public sealed class ReviewRunnerFixture : IAsyncLifetime
{
    private static readonly Lazy<ImageClassifier> DemandingModel = new(() =>
        ImageClassifier.Load(DefaultModelPackage.Ensure(), new ClassifierOptions { IntraOpThreads = 2, MinConfidence = 1.001f }));

    private LocalRunnerServer? _server;

    public LocalRunnerServer Server => _server ?? throw new InvalidOperationException("fixture not started");
    public LocalRunner Runner => Server.Runner;
    public HttpClient Http { get; private set; } = null!;

    public static ImageClassifier Classifier => DemandingModel.Value;

    public async Task InitializeAsync()
    {
        _server = await LocalRunnerServer.StartAsync(new RunnerOptions { ConfigureServices = HostServices.Serving(Classifier) });
        Http = new HttpClient { BaseAddress = Runner.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    /// <summary>POST /api/uploads, then poll its result until the blob step has stored it.</summary>
    public async Task<(string Name, JsonElement Result)> UploadAndWaitAsync(byte[] image, string contentType = "image/png")
    {
        using var content = new ByteArrayContent(image);
        content.Headers.ContentType = new(contentType);
        using var upload = await Http.PostAsync("api/uploads", content);
        upload.EnsureSuccessStatusCode();
        var name = (await upload.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("name").GetString()!;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            using var poll = await Http.GetAsync($"api/predictions/{name}");
            if ((int)poll.StatusCode == 200)
            {
                // The queue entry is written right after the result: wait for it too.
                await WaitForQueueAsync(name);
                return (name, await poll.Content.ReadFromJsonAsync<JsonElement>());
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"no result for {name} within 60 s");
    }

    private async Task WaitForQueueAsync(string name)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            using var image = await Http.GetAsync($"api/review?status=pending&take=200");
            var body = await image.Content.ReadAsStringAsync();
            if (body.Contains(name, StringComparison.Ordinal))
                return;
            await Task.Delay(100);
        }
    }

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        if (_server is not null)
            await _server.DisposeAsync();
    }
}
