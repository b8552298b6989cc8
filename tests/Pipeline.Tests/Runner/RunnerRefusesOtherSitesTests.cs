using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Classifier.LocalRunner;

namespace Pipeline.Tests.Runner;

/// <summary>
/// The runner has no keys, so it keeps other web pages in the user's browser out: a request naming another
/// host (DNS rebinding) gets 400, a request that changes state from another site gets 403, and a review label
/// that is not application/json (what a plain HTML form can send) gets 415. The real runner on Kestrel.
/// </summary>
public sealed class RunnerRefusesOtherSitesTests : IAsyncLifetime
{
    private LocalRunner _runner = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _runner = await LocalRunner.StartAsync(new RunnerOptions
        {
            Port = 0,
            BlobTrigger = false,
            StorageConnectionString = null,
            Classifier = SharedModel.Classifier,
            Settings = new Dictionary<string, string?> { ["Classifier:ModelContainer"] = "" },
        });
        _http = new HttpClient { BaseAddress = _runner.ApiBase };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _runner.DisposeAsync();
    }

    [Theory]
    [InlineData("attacker.example")]
    [InlineData("rebound.attacker.example:{port}")]
    [InlineData("127.0.0.2:{port}")]
    public async Task A_request_naming_another_host_is_400_before_any_route(string host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "health");
        request.Headers.Host = host.Replace("{port}", _runner.BaseAddress.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("loopback", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    public async Task The_loopback_names_it_binds_are_served(string host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "health");
        request.Headers.Host = $"{host}:{_runner.BaseAddress.Port}";

        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("Sec-Fetch-Site", "cross-site")]
    [InlineData("Origin", "https://attacker.example")]
    [InlineData("Origin", "http://127.0.0.1:1")]
    [InlineData("Origin", "null")]
    public async Task A_prediction_posted_from_another_site_is_403(string header, string value)
    {
        using var request = Predict();
        request.Headers.Add(header, value);

        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("its own pages", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_runners_own_pages_and_clients_without_a_browser_may_post_and_anyone_may_read()
    {
        using var ownPage = Predict();
        ownPage.Headers.Add("Origin", $"http://127.0.0.1:{_runner.BaseAddress.Port}");
        ownPage.Headers.Add("Sec-Fetch-Site", "same-origin");
        using var curl = Predict();
        using var crossSiteRead = new HttpRequestMessage(HttpMethod.Get, "model");
        crossSiteRead.Headers.Add("Sec-Fetch-Site", "cross-site");

        foreach (var request in new[] { ownPage, curl, crossSiteRead })
        {
            using var response = await _http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("multipart/form-data; boundary=x")]
    [InlineData(null)]
    public async Task A_review_label_not_sent_as_json_is_415(string? contentType)
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes("{\"label\":\"Bag\"}"));
        if (contentType is not null)
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);

        using var response = await _http.PostAsync("review/some-upload.png", content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("application/json", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_review_label_sent_as_json_gets_past_the_type_check()
    {
        using var content = new StringContent("{\"label\":\"Bag\"}", Encoding.UTF8, "application/json");

        using var response = await _http.PostAsync("review/some-upload.png", content);

        // This runner has no storage: the label is read and checked, then the lookup says why it cannot go on.
        Assert.Equal(HttpStatusCode.NotImplemented, response.StatusCode);
    }

    private static HttpRequestMessage Predict() => new(HttpMethod.Post, "predict")
    {
        Content = new ByteArrayContent(TestImages.Picture(7400)) { Headers = { ContentType = new MediaTypeHeaderValue("image/png") } },
    };
}
