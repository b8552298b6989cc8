using System.Net;
using Pipeline.Tests.Fixtures;
using Xunit.Abstractions;
using static Pipeline.Tests.Fixtures.WorkerAnswers;

namespace Pipeline.Tests.FunctionsApp;

/// <summary>
/// The public demo's anonymous twins, the per-client rate limit on them (keyed by the connection's address,
/// which the worker's forwarded-headers step takes from the X-Forwarded-For the host sets) and configured
/// image limits, through the real Functions worker.
/// </summary>
public sealed class FunctionsAppPublicDemoTests(PublicDemoFunctionsApp app, ITestOutputHelper output)
    : FunctionsAppTests<PublicDemoFunctionsApp>(app, output), IClassFixture<PublicDemoFunctionsApp>
{
    private async Task<int> StatusOf(string path, IPAddress client, Action<HttpRequestMessage>? shape = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        shape?.Invoke(request);
        using var response = await Worker.InvokeHttpAsync(request, client);
        return (int)response.StatusCode;
    }

    [Fact]
    public async Task An_anonymous_client_over_its_burst_gets_429_with_retry_after_while_others_are_served()
    {
        var client = IPAddress.Parse("203.0.113.7");
        for (var call = 1; call <= PublicDemoFunctionsApp.Burst; call++)
            Assert.Equal(200, await StatusOf("/api/public/model", client));

        using var refused = await Worker.InvokeHttpAsync(new HttpRequestMessage(HttpMethod.Get, new Uri("/api/health", UriKind.Relative)), client);
        Assert.Contains("too many requests", await ProblemAsync(refused, 429));
        Assert.Equal(TimeSpan.FromSeconds(60), refused.Headers.RetryAfter?.Delta);

        // The caller cannot pose as someone else: the host sets X-Forwarded-For to the address it saw.
        Assert.Equal(429, await StatusOf("/api/public/model", client, r => r.Headers.Add("X-Forwarded-For", "198.51.100.1")));
        // Nor with a front end's header: none is named (RateLimit__ClientAddressHeader), so none is read.
        Assert.Equal(429, await StatusOf("/api/public/model", client, r => r.Headers.Add("X-Azure-ClientIP", "198.51.100.2")));
        Assert.Equal(200, await StatusOf("/api/public/model", IPAddress.Parse("203.0.113.8")));
        // Keyed routes and callers on this machine are not limited.
        Assert.Equal(200, await StatusOf("/api/stats", client));
        for (var call = 0; call <= PublicDemoFunctionsApp.Burst; call++)
            Assert.Equal(200, await StatusOf("/api/public/model", IPAddress.Loopback));
    }

    [Fact]
    public async Task Public_twins_answer_like_the_keyed_routes_when_the_public_demo_is_on()
    {
        using var model = await Worker.InvokeHttpAsync(HttpMethod.Get, "/api/public/model");
        Assert.Equal(1000, (await JsonAsync(model, 200)).GetProperty("limits").GetProperty("maxPixels").GetInt64());

        using var upload = await Worker.InvokeHttpAsync(HttpMethod.Post, "/api/public/uploads", Image(TestImages.Picture(5, size: 24)));
        var location = (await JsonAsync(upload, 202)).GetProperty("location").GetString()!;
        Assert.StartsWith("/api/public/predictions/", location);

        using var pending = await Worker.InvokeHttpAsync(HttpMethod.Get, location);
        Assert.Equal("pending", (await JsonAsync(pending, 202)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_configured_limits_are_reported_and_enforced()
    {
        using var model = await Worker.InvokeHttpAsync(HttpMethod.Get, "/api/model");
        var limits = (await JsonAsync(model, 200)).GetProperty("limits");
        Assert.Equal(4, limits.GetProperty("maxAspectRatio").GetDouble());

        using var tooBig = await Worker.InvokeHttpAsync(HttpMethod.Post, "/api/public/predict", Image(TestImages.Picture(3)));
        Assert.Contains("96x96", await ProblemAsync(tooBig, 413));
    }
}
