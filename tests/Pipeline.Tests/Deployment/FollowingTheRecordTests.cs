using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Classifier.Core.Model;
using Classifier.LocalRunner;
using Classifier.Pipeline.Deployment;
using Classifier.Pipeline.Load;
using Classifier.Pipeline.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace Pipeline.Tests.Deployment;

/// <summary>
/// How an instance follows the deployment record, on real Azurite: a request keeps the version it started on, an
/// outage leaves the last record standing, a shadowed predict copies its body for the candidate only within the
/// body-byte budget, and two runner processes on one storage both follow a switch within 30 s.
/// </summary>
public sealed class FollowingTheRecordTests(ITestOutputHelper output)
{
    private static readonly ModelVersion Candidate = new("fashion-next", "1.0.0");
    private static readonly string BuiltIn = ModelVersion.BuiltIn.ToString();
    private static readonly byte[] Image = TestImages.Picture(7);

    [Fact]
    public async Task A_request_in_flight_finishes_on_its_version_and_during_an_outage_the_last_record_stands()
    {
        await using var azurite = await AzuriteProcess.StartAsync();
        await using var runner = await StartWithCandidateAsync(azurite, new Dictionary<string, string?> { ["Deployment:PollSeconds"] = "0.2" });
        using var http = new HttpClient { BaseAddress = runner.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        var follower = runner.Services.GetRequiredService<DeploymentFollower>();

        await ChangeAsync(http, follower, $"{{\"action\": \"canary\", \"candidate\": \"{Candidate}\", \"percent\": 100}}");
        // A request picks its model when it starts; the candidate is then dropped from the record and freed.
        var inFlight = await follower.ChooseAsync("10.0.0.1", upload: false, CancellationToken.None);
        Assert.Equal(Candidate, inFlight.Answer.Model.Version);
        await ChangeAsync(http, follower, "{\"action\": \"clear\"}");
        Assert.Null(follower.Current!.Candidate);
        Assert.Equal(BuiltIn, await PredictAsync(http)); // new requests: live

        var answer = await inFlight.Answer.Classifier.ClassifyAsync(Image);
        Assert.Equal((Candidate.Name, Candidate.Version), (answer.Model.Name, answer.Model.Version));
        var dropped = inFlight.Answer.Model;
        inFlight.Dispose();
        Assert.Null(dropped.TryUse()); // freed once its last request was done

        // Storage goes away: every answer keeps coming from the record's version, over many missed polls.
        await ChangeAsync(http, follower, $"{{\"action\": \"canary\", \"candidate\": \"{Candidate}\", \"percent\": 100}}");
        Assert.Equal(Candidate.ToString(), await PredictAsync(http));
        await azurite.StopAsync();
        Assert.False(await follower.RefreshAsync(CancellationToken.None));
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(3)) // 15 poll intervals
            Assert.Equal(Candidate.ToString(), await PredictAsync(http));
        Assert.Equal(Candidate, follower.Current!.Candidate!.Version);
    }

    [Fact]
    public async Task A_shadowed_predict_gives_the_candidate_a_copy_of_its_body_only_when_the_body_byte_budget_has_room_for_it()
    {
        Assert.True(Image.Length < 64 * 1024, "the body must be read into one buffer of its own length");
        const long PixelBudget = 48_000_000;
        await using var azurite = await AzuriteProcess.StartAsync();
        await using var runner = await StartWithCandidateAsync(azurite, new Dictionary<string, string?>
        {
            ["Deployment:PredictShadowShare"] = "1",
            ["Limits:BodyBytesInFlight"] = $"{2 * Image.Length}", // the body and one copy of it
            ["Limits:PixelsInFlight"] = $"{PixelBudget}",
        });
        using var http = new HttpClient { BaseAddress = runner.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        var follower = runner.Services.GetRequiredService<DeploymentFollower>();
        var gate = runner.Services.GetRequiredService<WorkGate>();
        var shadows = runner.Services.GetRequiredService<ShadowComparisons>();
        await ChangeAsync(http, follower, $"{{\"action\": \"shadow\", \"candidate\": \"{Candidate}\"}}");

        // Room for the copy: the candidate scores the body.
        Assert.Equal(BuiltIn, await PredictAsync(http));
        Assert.Equal(1, await ScoredOnceIdleAsync(shadows, gate, PixelBudget, atLeast: 1));

        // Half a body of the budget held elsewhere: the body fits, its copy would not, so there is none and no score.
        using (var held = gate.TryEnter(WorkKind.BodyBytes, Image.Length / 2))
        {
            Assert.True(held.IsAcquired);
            Assert.Equal(BuiltIn, await PredictAsync(http));
        }
        Assert.Equal(BuiltIn, await PredictAsync(http));
        Assert.Equal(2, await ScoredOnceIdleAsync(shadows, gate, PixelBudget, atLeast: 2));
    }

    /// <summary>The candidate's scores once there are at least <paramref name="atLeast"/> and no shadow holds pixels (each started one has counted).</summary>
    private static async Task<long> ScoredOnceIdleAsync(ShadowComparisons shadows, WorkGate gate, long pixelBudget, int atLeast)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var idle = gate.Available(WorkKind.Pixels) == pixelBudget; // read first: a shadow counts before it lets its pixels go
            var scored = (await shadows.TotalAsync(Candidate, CancellationToken.None))?.Scored ?? 0;
            if (idle && scored >= atLeast)
                return scored;
            Assert.True(DateTime.UtcNow < deadline, $"the candidate scored {scored} of {atLeast} within 30 s");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task Two_runner_processes_on_one_storage_both_follow_a_switch_within_30_s()
    {
        await using var azurite = await AzuriteProcess.StartAsync();
        await PublishCandidateAsync(azurite.ConnectionString);
        await using var first = RunnerProcess.Start(azurite.ConnectionString, second: false);
        await using var second = RunnerProcess.Start(azurite.ConnectionString, second: true);
        foreach (var runner in new[] { first, second })
            Assert.Equal(BuiltIn, await runner.PredictWhenUpAsync(Image));

        var switched = Stopwatch.StartNew();
        var (code, said, error) = CliRunner.Run(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = azurite.ConnectionString }, null,
            "rollout", "canary", "--candidate", Candidate.ToString(), "--percent", "100");
        Assert.True(code == 0, said + error);
        var followed = await Task.WhenAll(new[] { first, second }.Select(async runner =>
        {
            while (await runner.PredictAsync(Image) != Candidate.ToString())
            {
                Assert.True(switched.Elapsed < TimeSpan.FromSeconds(30), $"a runner still answers with {BuiltIn} 30 s after the switch: {runner.Output}");
                await Task.Delay(250);
            }
            return switched.Elapsed;
        }));
        output.WriteLine($"followed after {followed[0].TotalSeconds:0.0} s and {followed[1].TotalSeconds:0.0} s");
    }

    [Fact]
    public async Task A_record_naming_a_published_version_serves_it_and_reports_healthy_even_when_the_configured_model_does_not_load()
    {
        await using var azurite = await AzuriteProcess.StartAsync();
        await PublishCandidateAsync(azurite.ConnectionString);
        // The root of the models container holds a model without its card: the configured model is refused.
        var blobs = new Azure.Storage.Blobs.BlobServiceClient(azurite.ConnectionString, Classifier.Pipeline.Storage.StorageAccount.ClientOptions());
        await blobs.GetBlobContainerClient("models").GetBlobClient(ModelPackage.OnnxFileName).UploadAsync(BinaryData.FromString("no card beside me"));
        await using var runner = await LocalRunner.StartAsync(new RunnerOptions { Port = 0, StorageConnectionString = azurite.ConnectionString, BlobTrigger = false });
        using var http = new HttpClient { BaseAddress = runner.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        using (var degraded = await http.GetAsync("api/health"))
            Assert.Equal(HttpStatusCode.ServiceUnavailable, degraded.StatusCode);

        var record = new DeploymentStore(new Classifier.Pipeline.Storage.LazyTable(runner.Services.GetRequiredService<Azure.Data.Tables.TableServiceClient>, DeploymentStore.TableName));
        Assert.True(await record.TryWriteAsync(DeploymentRecord.Initial(Candidate) with { ChangedBy = "test", LastAction = DeploymentChange.Promote }, "", CancellationToken.None));
        Assert.True(await runner.Services.GetRequiredService<DeploymentFollower>().RefreshAsync(CancellationToken.None));

        using (var healthy = await http.GetAsync("api/health"))
            Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
        var model = await http.GetFromJsonAsync<JsonElement>("api/model");
        Assert.Equal(Candidate.ToString(), $"{model.GetProperty("name").GetString()}@{model.GetProperty("version").GetString()}");
        Assert.Equal(Candidate.ToString(), await PredictAsync(http));
    }

    /// <summary>An HTTP-only runner serving the built-in model on <paramref name="azurite"/>, with the candidate published there first.</summary>
    private static async Task<LocalRunner> StartWithCandidateAsync(AzuriteProcess azurite, IReadOnlyDictionary<string, string?> settings)
    {
        await PublishCandidateAsync(azurite.ConnectionString);
        return await LocalRunner.StartAsync(new RunnerOptions
        {
            Port = 0,
            StorageConnectionString = azurite.ConnectionString,
            ConfigureServices = HostServices.Serving(),
            BlobTrigger = false,
            Settings = settings,
        });
    }

    private static async Task PublishCandidateAsync(string connectionString)
    {
        using var package = PackageFolder.FromBuiltIn(Candidate.Name, Candidate.Version, "the same network, published as a candidate");
        var blobs = new Azure.Storage.Blobs.BlobServiceClient(connectionString, Classifier.Pipeline.Storage.StorageAccount.ClientOptions());
        await new ModelVersionStore(blobs.GetBlobContainerClient("models"), NullLogger.Instance).PublishAsync(ModelPackage.Load(package.Path), CancellationToken.None);
    }

    private static async Task ChangeAsync(HttpClient http, DeploymentFollower follower, string body)
    {
        using var response = await http.PostAsync("api/deployment", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        Assert.True(await follower.RefreshAsync(CancellationToken.None));
    }

    private static async Task<string> PredictAsync(HttpClient http)
    {
        using var content = new ByteArrayContent(Image);
        content.Headers.ContentType = new("image/png");
        using var response = await http.PostAsync("api/predict", content);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var model = JsonDocument.Parse(body).RootElement.GetProperty("model");
        return $"{model.GetProperty("name").GetString()}@{model.GetProperty("version").GetString()}";
    }

    /// <summary>`Classifier.LocalRunner serve` as its own process (one instance of the app), stopped and killed if need be on dispose.</summary>
    private sealed class RunnerProcess : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _output = new();
        private readonly HttpClient _http;

        private RunnerProcess(Process process, int port)
        {
            _process = process;
            _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(30) };
        }

        public string Output
        {
            get
            {
                lock (_output)
                    return _output.ToString();
            }
        }

        public static RunnerProcess Start(string connectionString, bool second)
        {
            var port = FreePort.Pick();
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "Classifier.LocalRunner.dll"), "serve", "--port", port.ToString(CultureInfo.InvariantCulture), "--no-blob-trigger" })
                start.ArgumentList.Add(arg);
            start.Environment["AzureWebJobsStorage"] = connectionString;
            start.Environment["Runner__JoinAsSecondInstance"] = second ? "true" : "false";
            var process = Process.Start(start)!;
            var runner = new RunnerProcess(process, port);
            process.OutputDataReceived += (_, e) => runner.Append(e.Data);
            process.ErrorDataReceived += (_, e) => runner.Append(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return runner;
        }

        public async Task<string> PredictWhenUpAsync(byte[] image)
        {
            var deadline = DateTime.UtcNow.AddMinutes(2);
            while (true)
            {
                Assert.False(_process.HasExited, $"the runner stopped: {Output}");
                try
                {
                    return await PredictAsync(image);
                }
                catch (HttpRequestException) when (DateTime.UtcNow < deadline)
                {
                    await Task.Delay(250);
                }
            }
        }

        public async Task<string> PredictAsync(byte[] image)
        {
            using var content = new ByteArrayContent(image);
            content.Headers.ContentType = new("image/png");
            using var response = await _http.PostAsync("api/predict", content);
            response.EnsureSuccessStatusCode();
            var model = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("model");
            return $"{model.GetProperty("name").GetString()}@{model.GetProperty("version").GetString()}";
        }

        public async ValueTask DisposeAsync()
        {
            _http.Dispose();
            if (!_process.HasExited)
            {
                using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
                    await term.WaitForExitAsync();
                if (!_process.WaitForExit(TimeSpan.FromSeconds(20)))
                    _process.Kill(entireProcessTree: true);
            }
            _process.Dispose();
        }

        private void Append(string? line)
        {
            lock (_output)
                _output.AppendLine(line);
        }
    }
}
