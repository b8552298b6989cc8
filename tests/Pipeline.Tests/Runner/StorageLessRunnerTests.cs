using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Classifier.LocalRunner;
using Pipeline.Tests.Fixtures;

namespace Pipeline.Tests.Runner;

/// <summary>
/// A runner with no storage at all (what `Classifier.LocalRunner bench` starts) serves predictions, counts
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
    public async Task The_bench_command_prints_figures_and_no_warnings()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { typeof(RunnerOptions).Assembly.Location, "bench", "--runs", "2" })
            start.ArgumentList.Add(arg);
        // No AzureWebJobsStorage from the environment: the bench must not need one.
        start.Environment.Remove("AzureWebJobsStorage");
        start.Environment["Classifier__IntraOpThreads"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        var exited = process.WaitForExitAsync();
        if (await Task.WhenAny(exited, Task.Delay(TimeSpan.FromMinutes(4))) != exited)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("the bench did not finish within 4 minutes");
        }

        var printed = await output + await errors;
        Assert.Equal(0, process.ExitCode);
        Assert.Contains("cold start (process to prediction)", printed);
        Assert.DoesNotContain("warn", printed, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("   at ", printed); // no stack trace
    }
}
