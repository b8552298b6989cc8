using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Classifier.Core.Inference;
using Classifier.LocalRunner;
using Pipeline.Tests.Fixtures;
using Xunit.Abstractions;

namespace Pipeline.Tests.Runner;

/// <summary>Storage goes away under a running runner (Azurite killed), stays away past the blob host's failure, and comes back.</summary>
public sealed class StorageOutageTests(ITestOutputHelper output)
{
    private static ByteArrayContent Png(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        return content;
    }

    private static async Task AssertStorageProblemAsync(HttpResponseMessage response)
    {
        await WorkerAnswers.ProblemAsync(response, 503);
        Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("storage", problem.GetProperty("detail").GetString());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("correlationId").GetString()));
        var body = problem.GetRawText();
        Assert.DoesNotContain("Exception", body);
        Assert.DoesNotContain("127.0.0.1", body);
    }

    /// <summary>
    /// Before the outage: a 503 then means storage was slow under this machine's load, and a client honours its
    /// Retry-After and tries again (a few times), as the API asks.
    /// </summary>
    private static async Task<HttpResponseMessage> UploadAsAClientWouldAsync(HttpClient http, byte[] image)
    {
        for (var attempt = 1; ; attempt++)
        {
            var response = await http.PostAsync("uploads", Png(image));
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable || attempt == 3)
                return response;
            var wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1);
            response.Dispose();
            await Task.Delay(wait);
        }
    }

    [Fact]
    public async Task An_outage_gives_503s_keeps_predict_and_the_process_up_and_every_earlier_upload_is_classified_after()
    {
        var data = Directory.CreateTempSubdirectory("azurite-outage-");
        try
        {
            await using var azurite = await AzuriteProcess.StartAsync(data.FullName);
            await using var runner = await LocalRunner.StartAsync(new RunnerOptions
            {
                Port = 0,
                StorageConnectionString = azurite.ConnectionString,
                ConfigureServices = HostServices.Serving(),
            });
            using var http = new HttpClient { BaseAddress = runner.ApiBase, Timeout = TimeSpan.FromSeconds(30) };

            // Uploads just before the outage: some are classified before it, some only after.
            var names = new List<string>();
            for (var i = 0; i < 12; i++)
            {
                using var upload = await UploadAsAClientWouldAsync(http, TestImages.Picture(400 + i));
                Assert.Equal(HttpStatusCode.Accepted, upload.StatusCode);
                names.Add((await upload.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("name").GetString()!);
            }
            await azurite.StopAsync();

            var clock = Stopwatch.StartNew();
            using (var upload = await http.PostAsync("uploads", Png(TestImages.Picture(499))))
                await AssertStorageProblemAsync(upload);
            output.WriteLine($"POST uploads without storage: {clock.ElapsedMilliseconds} ms");
            clock.Restart();
            using (var lookup = await http.GetAsync($"predictions/{names[0]}"))
                await AssertStorageProblemAsync(lookup);
            output.WriteLine($"GET predictions without storage: {clock.ElapsedMilliseconds} ms");

            using (var predict = await http.PostAsync("predict", Png(TestImages.Picture(498))))
                Assert.Equal(HttpStatusCode.OK, predict.StatusCode);

            // Longer than the WebJobs listener takes to give up on storage (it used to end the process then).
            await Task.Delay(TimeSpan.FromSeconds(40));
            using (var predict = await http.PostAsync("predict", Png(TestImages.Picture(497))))
                Assert.Equal(HttpStatusCode.OK, predict.StatusCode);
            using (var health = await http.GetAsync("health"))
                Assert.Equal("ok", (await health.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());

            await azurite.StartAgainAsync();
            var deadline = Stopwatch.StartNew();
            foreach (var name in names)
            {
                while (true)
                {
                    using var poll = await http.GetAsync($"predictions/{name}");
                    if (poll.StatusCode == HttpStatusCode.OK)
                    {
                        var result = Prediction.FromJson(await poll.Content.ReadAsStringAsync());
                        Assert.Equal(name, result.Source!.Name);
                        // Classified (the random pictures may well be out-of-domain), not rejected and not given up on.
                        Assert.True(result.Status is not (PredictionStatus.Rejected or PredictionStatus.Failed), $"{name}: {result.Status}");
                        break;
                    }
                    Assert.True(deadline.Elapsed < TimeSpan.FromMinutes(3), $"no result for {name} 3 minutes after storage came back ({poll.StatusCode})");
                    await Task.Delay(250);
                }
            }
            output.WriteLine($"all {names.Count} results {deadline.Elapsed.TotalSeconds:0.0} s after storage came back; blob host restarts: {runner.BlobHostRestarts}");
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }
}
