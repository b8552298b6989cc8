using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Classifier.LocalRunner;
using Classifier.Pipeline.Model;
using Classifier.Training;

namespace Pipeline.Tests.Deployment;

/// <summary>
/// Two local runners on one private Azurite, standing for two instances of one app: the first with the blob
/// trigger, the second HTTP only. A candidate is trained with `classifier train` (a head on 10 Fashion-MNIST images
/// per label, so it often disagrees with the built-in model) and published with `classifier publish`, as a user would.
/// </summary>
public sealed class RolloutFixture : IAsyncLifetime
{
    public static readonly ModelVersion Candidate = new("fashion-candidate", "2.1.0");

    private readonly string _temp = Directory.CreateTempSubdirectory("rollout-").FullName;
    private LocalRunnerServer? _server;
    private LocalRunner? _second;

    public LocalRunnerServer Server => _server ?? throw new InvalidOperationException("fixture not started");
    public HttpClient Http { get; private set; } = null!;
    public HttpClient Second { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _server = await LocalRunnerServer.StartAsync(new RunnerOptions { ConfigureServices = HostServices.Serving() });
        Http = new HttpClient { BaseAddress = _server.Runner.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        var folder = Path.Combine(_temp, "candidate");
        CliRunner.RunOrThrow(new Dictionary<string, string?>(), "train", "--fashion-mnist", FashionMnist.DebianDirectory,
            "--per-label", "10", "--out", folder, "--name", Candidate.Name, "--model-version", Candidate.Version, "--cache", Path.Combine(_temp, "cache"));
        CliRunner.RunOrThrow(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = _server.ConnectionString }, "publish", "--model", folder);
        _second = await LocalRunner.StartAsync(new RunnerOptions
        {
            Port = 0,
            StorageConnectionString = _server.ConnectionString,
            ConfigureServices = HostServices.Serving(),
            BlobTrigger = false,
        });
        Second = new HttpClient { BaseAddress = _second.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    /// <summary>POST /api/deployment with a JSON body.</summary>
    public async Task<HttpResponseMessage> ChangeAsync(string json) =>
        await Http.PostAsync("api/deployment", new StringContent(json, Encoding.UTF8, "application/json"));

    /// <summary>POST /api/predict as one client (the address a front end would forward); the model's name@version that answered.</summary>
    public static async Task<string> PredictAsAsync(HttpClient http, string client, byte[] image)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/predict") { Content = new ByteArrayContent(image) };
        request.Content.Headers.ContentType = new("image/png");
        request.Headers.Add("X-Forwarded-For", client);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var model = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("model");
        return $"{model.GetProperty("name").GetString()}@{model.GetProperty("version").GetString()}";
    }

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        Second?.Dispose();
        if (_second is not null)
            await _second.DisposeAsync();
        if (_server is not null)
            await _server.DisposeAsync();
        Directory.Delete(_temp, recursive: true);
    }
}
