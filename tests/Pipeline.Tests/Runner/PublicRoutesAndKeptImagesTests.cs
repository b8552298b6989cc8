using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Classifier.LocalRunner;

namespace Pipeline.Tests.Runner;

/// <summary>
/// On the real runner: the anonymous api/public/... twins take smaller images than the keyed routes
/// (Api__PublicMaxImageBytes, Api__PublicMaxPixels), and with Review__KeepPredictImages on, a storage that
/// cannot keep the image costs the review entry only, never the finished prediction.
/// </summary>
public sealed class PublicRoutesAndKeptImagesTests : IAsyncLifetime
{
    private const int PublicMaxBytes = 30_000;
    private const int PublicMaxPixels = 10_000;

    private LocalRunner _runner = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        // Storage that refuses every connection: nothing listens on the port any more.
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var deadPort = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        _runner = await LocalRunner.StartAsync(new RunnerOptions
        {
            Port = 0,
            BlobTrigger = false,
            StorageConnectionString = AzuriteConnectionString(deadPort),
            ConfigureServices = HostServices.Serving(),
            Settings = new Dictionary<string, string?>
            {
                ["Classifier:ModelContainer"] = "",
                ["Classifier:MinConfidence"] = "1", // every prediction is uncertain: each one would be kept
                ["Review:KeepPredictImages"] = "true",
                ["Api:PublicMaxImageBytes"] = PublicMaxBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Api:PublicMaxPixels"] = PublicMaxPixels.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
        });
        _http = new HttpClient { BaseAddress = _runner.ApiBase };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _runner.DisposeAsync();
    }

    [Fact]
    public async Task An_image_over_the_public_pixel_cap_is_413_on_the_twin_and_classified_on_the_keyed_route()
    {
        var picture = ShapedPng.Grey(150, 150); // 22,500 pixels, a few hundred bytes

        using var twin = await PostAsync("public/predict", picture);
        using var keyed = await PostAsync("predict", picture);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, twin.StatusCode);
        Assert.Contains("pixel", await twin.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, keyed.StatusCode);
    }

    [Fact]
    public async Task A_body_over_the_public_byte_cap_is_413_on_the_twin_and_classified_on_the_keyed_route()
    {
        // A small picture with 40 KB after its end: the decoder reads the picture, the byte cap sees the body.
        var picture = ShapedPng.Grey(60, 60).Concat(new byte[40_000]).ToArray();

        using var twin = await PostAsync("public/uploads", picture);
        using var keyed = await PostAsync("predict", picture);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, twin.StatusCode);
        Assert.Equal(HttpStatusCode.OK, keyed.StatusCode);
    }

    [Fact]
    public async Task The_twins_model_route_reports_the_lower_limits_it_enforces()
    {
        var twin = await _http.GetFromJsonAsync<JsonElement>("public/model");
        var keyed = await _http.GetFromJsonAsync<JsonElement>("model");

        Assert.Equal(PublicMaxBytes, twin.GetProperty("limits").GetProperty("maxImageBytes").GetInt64());
        Assert.Equal(PublicMaxPixels, twin.GetProperty("limits").GetProperty("maxPixels").GetInt64());
        Assert.True(keyed.GetProperty("limits").GetProperty("maxPixels").GetInt64() > PublicMaxPixels);
    }

    [Fact]
    public async Task A_prediction_to_keep_for_review_is_answered_when_storage_cannot_keep_it()
    {
        using var response = await PostAsync("predict", TestImages.Picture(7500));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var prediction = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(prediction.GetProperty("status").GetString(), new[] { "uncertain", "out-of-domain" }); // a review case
    }

    private async Task<HttpResponseMessage> PostAsync(string route, byte[] image)
    {
        using var body = new ByteArrayContent(image) { Headers = { ContentType = new MediaTypeHeaderValue("image/png") } };
        return await _http.PostAsync(route, body);
    }

    private static string AzuriteConnectionString(int port) =>
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
        "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
        $"BlobEndpoint=http://127.0.0.1:{port}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{port}/devstoreaccount1;" +
        $"TableEndpoint=http://127.0.0.1:{port}/devstoreaccount1;";
}
