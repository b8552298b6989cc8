using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Classifier.LocalRunner;
using Pipeline.Tests.Fixtures;

namespace Pipeline.Tests.Runner;

/// <summary>
/// A runner with no storage at all (what `classifier bench --runner` starts) serves predictions, counts
/// nothing and never reaches for a table service that is not there.
/// </summary>
public sealed class StorageLessRunnerTests
{
    [Fact]
    public async Task A_runner_without_storage_predicts_and_records_no_counts()
    {
        await using var runner = await LocalRunner.StartAsync(new RunnerOptions
        {
            Port = 0,
            BlobTrigger = false,
            StorageConnectionString = null,
            ConfigureServices = HostServices.Serving(),
            Settings = new Dictionary<string, string?> { ["Classifier:ModelContainer"] = "" },
        });
        using var http = new HttpClient { BaseAddress = runner.ApiBase };

        for (var seed = 0; seed < 3; seed++)
        {
            using var body = new ByteArrayContent(TestImages.Picture(7300 + seed)) { Headers = { ContentType = new MediaTypeHeaderValue("image/png") } };
            using var response = await http.PostAsync("predict", body);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        // With storage configured but down this route answers 503; with none, there is simply nothing counted.
        var stats = await http.GetFromJsonAsync<JsonElement>("stats?days=1");
        Assert.Equal(0, stats.GetProperty("series")[0].GetProperty("total").GetInt64());

        // The routes that need storage say why they cannot serve, instead of failing on a missing client.
        using var upload = new ByteArrayContent(TestImages.Picture(7310)) { Headers = { ContentType = new MediaTypeHeaderValue("image/png") } };
        foreach (var refused in new[] { await http.PostAsync("uploads", upload), await http.GetAsync("predictions/any.png"), await http.GetAsync("review?status=pending"), await http.GetAsync("review/any.png/image") })
        {
            using (refused)
            {
                await WorkerAnswers.ProblemAsync(refused, 501);
                Assert.Contains("without storage", await refused.Content.ReadAsStringAsync());
            }
        }
    }

    [Fact]
    public async Task A_runner_with_the_blob_trigger_but_no_storage_refuses_to_start_saying_why()
    {
        var start = LocalRunner.StartAsync(new RunnerOptions { Port = 0, StorageConnectionString = null, ConfigureServices = HostServices.Serving() });

        var error = await Assert.ThrowsAsync<ArgumentException>(() => start);
        Assert.Contains("blob trigger needs storage", error.Message);
    }

    [Fact]
    public void The_serving_bench_times_a_storage_less_runner_and_prints_no_warnings()
    {
        // No AzureWebJobsStorage from the environment: the bench must not need one.
        var (exit, output, error) = CliRunner.Run(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = null }, null,
            "bench", "--runs", "2", "--threads", "1", "--runner", typeof(RunnerOptions).Assembly.Location);

        var printed = output + error;
        Assert.True(exit == 0, printed);
        Assert.Contains("POST /api/predict end to end", printed);
        Assert.Matches(@"cold start \(process to prediction\) +\d+ ms +\(median of 5: \d+, \d+, \d+, \d+, \d+;", printed);
        Assert.DoesNotContain("warn", printed, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("   at ", printed); // no stack trace
    }
}
