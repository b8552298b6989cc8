using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Classifier.Core.Inference;
using Classifier.Core.Model;
using Classifier.Training;
using Pipeline.Tests.Fixtures;

namespace Pipeline.Tests.Deployment;

/// <summary>
/// The promote gate's situation, for real: the runner on a private Azurite serving the built-in model (every
/// answer queued for review: see <see cref="ReviewRunnerFixture"/>), Fashion-MNIST test images uploaded and
/// labelled by a "reviewer" with their true labels, and a candidate that `classifier train` fitted on 50
/// images per label, published with `classifier publish`.
/// </summary>
public sealed class GateFixture : IAsyncLifetime
{
    public const string Collection = "reviewed production images";

    /// <summary>Reviewed at the start: enough that a candidate well below live falls outside live's interval.</summary>
    public const int FirstReviewed = 300;

    public static readonly string Candidate = "fashion-50@1.0.0";

    private readonly string _temp = Directory.CreateTempSubdirectory("gate-").FullName;

    public ReviewRunnerFixture Runner { get; } = new();
    public HttpClient Http => Runner.Http;
    public string CandidateFolder => Path.Combine(_temp, "candidate");

    private readonly List<(string Name, string Label, byte[] Bytes)> _reviewed = [];

    /// <summary>Every reviewed upload so far: name, true label and bytes (the tests of the collection run one at a time).</summary>
    public IReadOnlyList<(string Name, string Label, byte[] Bytes)> Reviewed => _reviewed;

    /// <summary>Fashion-MNIST test images from <paramref name="start"/>, as PNG, with their true labels.</summary>
    public static List<(string Label, byte[] Bytes)> TestImagesFrom(int start, int count) =>
        FashionMnist.Load(FashionMnist.DebianDirectory, "t10k").Items.Skip(start).Take(count).Select(item => (item.Label, TestImages.Png(item.Load()))).ToList();

    /// <summary>Labels an upload on /review/ as a person would, and remembers it as reviewed.</summary>
    public async Task ReviewAsync(string name, string label, byte[] bytes)
    {
        using var review = await Http.PostAsJsonAsync($"api/review/{name}", new { label });
        if (review.StatusCode != HttpStatusCode.OK)
            throw new InvalidOperationException($"the review of {name} answered {review.StatusCode}: {await review.Content.ReadAsStringAsync()}");
        _reviewed.Add((name, label, bytes));
    }

    public IReadOnlyDictionary<string, string?> Storage => new Dictionary<string, string?> { ["AzureWebJobsStorage"] = Runner.Server.ConnectionString, ["COLUMNS"] = "200" };

    public async Task InitializeAsync()
    {
        await Runner.InitializeAsync();
        // Trained while the uploads are classified: the frozen backbone's features for 500 images, then a head.
        var train = Task.Run(() => CliRunner.RunOrThrow(new Dictionary<string, string?>(), "train", "--fashion-mnist", FashionMnist.DebianDirectory,
            "--per-label", "50", "--out", CandidateFolder, "--name", "fashion-50", "--model-version", "1.0.0", "--cache", Path.Combine(_temp, "cache")));
        var images = TestImagesFrom(0, FirstReviewed);
        var uploads = new string[images.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, images.Count), new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (i, _) => uploads[i] = await UploadAsync(images[i].Bytes));
        await WaitForQueueAsync(uploads);
        for (var i = 0; i < images.Count; i++)
            await ReviewAsync(uploads[i], images[i].Label, images[i].Bytes);

        await train;
        CliRunner.RunOrThrow(Storage, "publish", "--model", CandidateFolder);
    }

    /// <summary>POST /api/uploads: the blob's name (the blob trigger classifies it and queues it, since live is never sure).</summary>
    public async Task<string> UploadAsync(byte[] image)
    {
        using var content = new ByteArrayContent(image);
        content.Headers.ContentType = new("image/png");
        using var upload = await Http.PostAsync("api/uploads", content);
        upload.EnsureSuccessStatusCode();
        return (await upload.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("name").GetString()!;
    }

    /// <summary>Until every one of <paramref name="names"/> is in the review queue (pending), page by page.</summary>
    public async Task WaitForQueueAsync(IReadOnlyCollection<string> names)
    {
        // Generous: the blob trigger works through a few hundred uploads, on a machine other tests share.
        var deadline = DateTime.UtcNow.AddMinutes(10);
        while (true)
        {
            var queued = new HashSet<string>(StringComparer.Ordinal);
            string? continuation = null;
            do
            {
                var page = await Http.GetFromJsonAsync<JsonElement>($"api/review?status=pending&take=200{(continuation is null ? "" : "&continuation=" + Uri.EscapeDataString(continuation))}");
                queued.UnionWith(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()!));
                continuation = page.GetProperty("continuation").GetString();
            }
            while (continuation is not null);
            if (names.All(queued.Contains))
                return;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"{names.Count(n => !queued.Contains(n))} of {names.Count} uploads not queued for review within 10 minutes");
            await Task.Delay(500);
        }
    }

    /// <summary>The trained candidate, loaded here to count its right answers independently of the comparison.</summary>
    public ImageClassifier LoadCandidate() => ImageClassifier.Load(ModelPackage.Load(CandidateFolder));

    /// <summary>Right answers of the built-in model and of the candidate, and how often they agree, counted image by image.</summary>
    public (int Live, int Candidate, int Agreed) Count(IEnumerable<(string Label, byte[] Bytes)> images)
    {
        using var candidate = LoadCandidate();
        int live = 0, trial = 0, agreed = 0;
        foreach (var (label, bytes) in images)
        {
            var a = SharedModel.Classifier.Classify(bytes).Label;
            var b = candidate.Classify(bytes).Label;
            live += a == label ? 1 : 0;
            trial += b == label ? 1 : 0;
            agreed += a == b ? 1 : 0;
        }
        return (live, trial, agreed);
    }

    /// <summary>POST /api/deployment; the response, which must be 200.</summary>
    public async Task<JsonElement> ChangeAsync(string json)
    {
        using var response = await Http.PostAsync("api/deployment", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK)
            throw new InvalidOperationException($"{json} answered {response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public async Task DisposeAsync()
    {
        await Runner.DisposeAsync();
        Directory.Delete(_temp, recursive: true);
    }
}
