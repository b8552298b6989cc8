using System.Net;
using System.Net.Http.Json;
using Classifier.Core.Model;
using Pipeline.Tests.Fixtures;

namespace Pipeline.Tests.Review;

/// <summary>
/// The lesson's loop from production back to training, on real Azurite: uploads the model is unsure of
/// are queued, a reviewer labels them, `classifier export-reviews` writes them per label, and
/// `classifier train` fits a head on exactly those images, with its defaults, even when the set is as small as a
/// first day of reviews (the random 20 % of four images would hold out none).
/// </summary>
public sealed class ExportReviewsTests(ReviewRunnerFixture fixture) : IClassFixture<ReviewRunnerFixture>, IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("export-reviews-").FullName;

    [Fact]
    public async Task Reviewed_uploads_are_exported_per_label_and_train_a_head_that_includes_them()
    {
        var expected = new Dictionary<string, (string Label, byte[] Bytes)>();
        for (var i = 0; i < 4; i++)
        {
            var image = TestImages.Picture(7000 + i);
            var (name, result) = await fixture.UploadAndWaitAsync(image);
            Assert.Contains(result.GetProperty("status").GetString(), new[] { "uncertain", "out-of-domain" });
            // Pictures of shapes are no clothing: the reviewer says "none" for three and files one as a bag.
            var label = i < 3 ? "none" : "Bag";
            using var review = await fixture.Http.PostAsJsonAsync($"api/review/{name}", new { label });
            Assert.Equal(HttpStatusCode.OK, review.StatusCode);
            expected[name] = (label, image);
        }
        // One left pending: not exported.
        var (pending, _) = await fixture.UploadAndWaitAsync(TestImages.Picture(7100));

        var reviews = Path.Combine(_temp, "reviews");
        var export = Run(new Dictionary<string, string> { ["AzureWebJobsStorage"] = fixture.Server.ConnectionString }, "export-reviews", "--out", reviews);
        Assert.True(export.ExitCode == 0, export.Output);
        Assert.Contains("4 reviewed images", export.Output);

        Assert.Equal(["Bag", "none"], Directory.GetDirectories(reviews).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        foreach (var (name, (label, bytes)) in expected)
            Assert.Equal(bytes, File.ReadAllBytes(Path.Combine(reviews, label, name)));
        Assert.DoesNotContain(Directory.EnumerateFiles(reviews, "*", SearchOption.AllDirectories), f => f.EndsWith(pending, StringComparison.Ordinal));

        var model = Path.Combine(_temp, "model");
        var train = Run([], "train", "--data", reviews, "--out", model, "--epochs", "5", "--cache", Path.Combine(_temp, "cache"));
        Assert.True(train.ExitCode == 0, train.Output);
        var card = ModelCard.Load(Path.Combine(model, ModelPackage.CardFileName));
        Assert.Equal(["Bag", "none"], card.Labels);
        Assert.Contains("4 images", train.Output);
        // What was held out is said, and the label with one image is trained on and named, not fatal.
        var said = System.Text.RegularExpressions.Regex.Replace(train.Output, @"\s+", " "); // unwrapped
        Assert.Contains("held out for validation: 1 of 4 images, a small set, so split label by label (Bag 0 of 1, none 1 of 3)", said);
        Assert.Contains("Bag: 1 image, none held out", said);
        Assert.Contains("fitting the head, L2 1e-5: epoch 5/5", said);
        Assert.Contains("Not validated (no image held out): Bag", File.ReadAllText(Path.Combine(model, "report.md")));
    }

    [Fact]
    public void Export_without_storage_settings_says_what_to_set()
    {
        var export = Run(new Dictionary<string, string> { ["AzureWebJobsStorage"] = "" }, "export-reviews", "--out", Path.Combine(_temp, "none"));
        Assert.NotEqual(0, export.ExitCode);
        Assert.Contains("AzureWebJobsStorage", export.Output);
        Assert.DoesNotContain("   at ", export.Output); // a sentence, not a stack trace
    }

    /// <summary>The real `classifier` command, without the storage setting of this process unless given; output and errors together.</summary>
    private static (int ExitCode, string Output) Run(Dictionary<string, string> environment, params string[] args)
    {
        var variables = new Dictionary<string, string?> { ["COLUMNS"] = "200", ["AzureWebJobsStorage"] = null };
        foreach (var (key, value) in environment)
            variables[key] = value;
        var (exitCode, output, error) = CliRunner.Run(variables, null, args);
        return (exitCode, output + error);
    }

    public void Dispose() => Directory.Delete(_temp, recursive: true);
}
