using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Classifier.Pipeline.Load;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Tests.Fixtures;

namespace Pipeline.Tests.Runner;

/// <summary>Bounded work: a process takes on only so much at once and says so, instead of queueing bodies without end.</summary>
public sealed class LoadTests
{
    [Fact]
    public async Task Beyond_the_body_byte_budget_a_request_gets_503_with_retry_after_at_once_and_the_held_one_still_succeeds()
    {
        var image = TestImages.Picture(5);
        await using var runner = await StorageFreeRunner.StartAsync(new Dictionary<string, string?>
        {
            ["Limits:BodyBytesInFlight"] = $"{image.Length}", // one body of this size at a time
            ["Limits:QueueLength"] = "0",
        });
        using var http = new HttpClient { BaseAddress = runner.ApiBase };

        await using var stalled = new RawHttp(runner.ApiBase);
        await stalled.SendStartAsync("POST", runner.ApiBase.AbsolutePath + "predict",
            new Dictionary<string, string> { ["Content-Type"] = "image/png", ["Content-Length"] = $"{image.Length}" }, image.AsMemory(0, 8));

        // Wait until the stalled request has reached its handler and its buffer holds the whole budget.
        var gate = runner.Services.GetRequiredService<WorkGate>();
        for (var i = 0; i < 300 && gate.Available(WorkKind.BodyBytes) > 0; i++)
            await Task.Delay(100);

        var second = new ByteArrayContent(image);
        second.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        var busy = await http.PostAsync("predict", second);
        using (busy)
        {
            await WorkerAnswers.ProblemAsync(busy, 503);
            Assert.True(busy.Headers.RetryAfter?.Delta > TimeSpan.Zero);
            var problem = await busy.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Contains("busy", problem.GetProperty("detail").GetString());
        }

        await stalled.SendAsync(image.AsMemory(8));
        Assert.Equal("HTTP/1.1 200 OK", await stalled.ReadStatusLineAsync());
    }

    [Fact]
    public async Task A_client_over_its_token_bucket_gets_429_with_retry_after_while_the_site_still_loads()
    {
        await using var runner = await StorageFreeRunner.StartAsync(new Dictionary<string, string?>
        {
            ["RateLimit:Burst"] = "3",
            ["RateLimit:PermitsPerMinute"] = "2",
            ["RateLimit:ExemptLoopback"] = "false", // the test's client is on loopback, like every local caller
        });
        using var http = new HttpClient { BaseAddress = runner.BaseAddress };

        for (var i = 0; i < 3; i++)
        {
            using var allowed = await http.GetAsync("api/model");
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }
        using var refused = await http.GetAsync("api/model");

        await WorkerAnswers.ProblemAsync(refused, 429);
        Assert.Equal(TimeSpan.FromSeconds(30), refused.Headers.RetryAfter?.Delta);
        using var page = await http.GetAsync("/");
        Assert.NotEqual(HttpStatusCode.TooManyRequests, page.StatusCode);
    }

    [Fact]
    public async Task A_client_cannot_pick_a_fresh_bucket_by_sending_its_own_forwarding_headers()
    {
        await using var runner = await StorageFreeRunner.StartAsync(new Dictionary<string, string?>
        {
            ["RateLimit:Burst"] = "2",
            ["RateLimit:PermitsPerMinute"] = "1",
            ["RateLimit:ExemptLoopback"] = "false",
        });
        using var http = new HttpClient { BaseAddress = runner.ApiBase };

        var statuses = new List<HttpStatusCode>();
        for (var i = 1; i <= 4; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "model");
            request.Headers.Add("X-Forwarded-For", $"198.51.100.{i}");
            request.Headers.Add("X-Azure-ClientIP", $"198.51.100.{i}");
            using var response = await http.SendAsync(request);
            statuses.Add(response.StatusCode);
        }

        // One bucket, the connection's: nothing in front of the runner writes those headers, so they are not read.
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task Loopback_callers_are_not_limited_by_default()
    {
        await using var runner = await StorageFreeRunner.StartAsync(new Dictionary<string, string?> { ["RateLimit:Burst"] = "2" });
        using var http = new HttpClient { BaseAddress = runner.ApiBase };

        var statuses = await Task.WhenAll(Enumerable.Range(0, 10).Select(async _ => (await http.GetAsync("model")).StatusCode));

        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.OK, status));
    }
}
