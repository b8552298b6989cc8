using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Classifier.Core.Model;
using Classifier.LocalRunner;
using Classifier.Pipeline.Deployment;
using Classifier.Pipeline.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Tests.Fixtures;

namespace Pipeline.Tests.Deployment;

/// <summary>
/// The review queue while two versions serve, on the runner and a private Azurite: the candidate is the built-in
/// network with other label names, so every shadow comparison disagrees and every item it answers needs its own labels.
/// </summary>
public sealed class ReviewAcrossVersionsTests : IAsyncLifetime
{
    private static readonly ModelVersion Candidate = new("fashion-renamed", "1.0.0");
    private static readonly string[] QueueStates = ["uncertain", "out-of-domain"];

    private LocalRunnerServer _server = null!;
    private HttpClient _http = null!;
    private IReadOnlyList<string> _liveLabels = [];

    public async Task InitializeAsync()
    {
        _server = await LocalRunnerServer.StartAsync(new RunnerOptions { ConfigureServices = HostServices.Serving() });
        _http = new HttpClient { BaseAddress = _server.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        using var package = PackageFolder.FromBuiltIn(Candidate.Name, Candidate.Version, "the built-in network with its labels renamed");
        _liveLabels = package.Card.Labels;
        package.RenameLabels(Renamed);
        await new ModelVersionStore(_server.Blobs.GetBlobContainerClient("models"), NullLogger.Instance)
            .PublishAsync(ModelPackage.Load(package.Path), CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    private static string Renamed(string label) => "my " + label;

    [Fact]
    public async Task Disagreements_are_queued_with_both_labels_and_each_item_is_labelled_with_its_own_versions_labels()
    {
        // Shadow: live answers; the candidate's other answer queues the upload as a disagreement with both labels.
        await ChangeAsync($"{{\"action\": \"shadow\", \"candidate\": \"{Candidate}\"}}");
        var shadowed = await UploadAsync(TestImages.Picture(8100));
        var disagreement = await QueuedAsync(shadowed, item => item.GetProperty("reason").GetString() == "disagreement");
        var liveLabel = disagreement.GetProperty("label").GetString()!;
        Assert.Equal(ModelVersion.BuiltIn.Name, disagreement.GetProperty("model").GetProperty("name").GetString());
        // Its own label (the candidate serves the float graph, live the int8 one: on a picture of no clothing they may differ in more than the name).
        Assert.Contains(disagreement.GetProperty("candidateLabel").GetString(), _liveLabels.Select(Renamed));
        Assert.Contains(liveLabel, _liveLabels);
        Assert.Equal(Candidate.ToString(), disagreement.GetProperty("candidateModel").GetString());
        Assert.Equal(_liveLabels, Labels(disagreement));
        using var decided = await LabelAsync(shadowed, _liveLabels[8]);
        Assert.Equal(HttpStatusCode.OK, decided.StatusCode);

        // Canary at 100 %: the candidate answers and queues; its item offers and accepts its own labels only.
        await ChangeAsync("{\"action\": \"canary\", \"percent\": 100}");
        var answered = await UploadAsync(TestImages.Picture(8101));
        var item = await QueuedAsync(answered, item => item.GetProperty("model").GetProperty("name").GetString() == Candidate.Name);
        Assert.Contains(item.GetProperty("status").GetString(), QueueStates);
        Assert.Equal(_liveLabels.Select(Renamed), Labels(item));

        using var liveLabelRefused = await LabelAsync(answered, _liveLabels[8]);
        var problem = await WorkerAnswers.ProblemAsync(liveLabelRefused, 400);
        Assert.Contains($"\"{Renamed(_liveLabels[8])}\"", problem);
        Assert.Contains(Candidate.ToString(), problem);
        using var ownLabel = await LabelAsync(answered, Renamed(_liveLabels[8]));
        Assert.Equal(HttpStatusCode.OK, ownLabel.StatusCode);
        var labelled = await ownLabel.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(Renamed(_liveLabels[8]), labelled.GetProperty("reviewedLabel").GetString());
        Assert.Equal(_liveLabels.Select(Renamed), Labels(labelled));
    }

    private static IEnumerable<string> Labels(JsonElement item) => item.GetProperty("labels").EnumerateArray().Select(l => l.GetString()!).ToList();

    /// <summary>POST /api/deployment, then this runner applies the record now (rather than at its next poll).</summary>
    private async Task ChangeAsync(string body)
    {
        using var response = await _http.PostAsync("api/deployment", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        Assert.True(await _server.Runner.Services.GetRequiredService<DeploymentFollower>().RefreshAsync(CancellationToken.None));
    }

    private async Task<string> UploadAsync(byte[] image)
    {
        using var content = new ByteArrayContent(image);
        content.Headers.ContentType = new("image/png");
        using var upload = await _http.PostAsync("api/uploads", content);
        upload.EnsureSuccessStatusCode();
        return (await upload.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("name").GetString()!;
    }

    private Task<HttpResponseMessage> LabelAsync(string name, string label) =>
        _http.PostAsJsonAsync($"api/review/{Uri.EscapeDataString(name)}", new { label });

    private async Task<JsonElement> QueuedAsync(string name, Func<JsonElement, bool> ready)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var page = await _http.GetFromJsonAsync<JsonElement>("api/review?status=pending&take=200");
            foreach (var item in page.GetProperty("items").EnumerateArray())
            {
                if (item.GetProperty("name").GetString() == name && ready(item))
                    return item.Clone();
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"{name} was not queued as expected within 60 s");
    }
}
