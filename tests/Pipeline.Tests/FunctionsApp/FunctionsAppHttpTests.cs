using System.Net.Http.Headers;
using Classifier.Pipeline.Storage;
using Pipeline.Tests.Fixtures;
using Xunit.Abstractions;
using static Pipeline.Tests.Fixtures.WorkerAnswers;

namespace Pipeline.Tests.FunctionsApp;

/// <summary>
/// Each HTTP route of the real Functions app with its default settings, through the worker's own Kestrel,
/// Program.cs, the middleware and host.json, as the host forwards a request; on a real Azurite and the real model.
/// A new route is one more <c>Worker.InvokeHttpAsync(method, "/api/...")</c>: the worker's metadata routes it.
/// </summary>
public sealed class FunctionsAppHttpTests(FunctionsAppFixture app, ITestOutputHelper output)
    : FunctionsAppTests<FunctionsAppFixture>(app, output), IClassFixture<FunctionsAppFixture>
{
    private Task<HttpResponseMessage> Get(string path) => Worker.InvokeHttpAsync(HttpMethod.Get, path);

    private Task<HttpResponseMessage> Post(string path, HttpContent content) => Worker.InvokeHttpAsync(HttpMethod.Post, path, content);

    [Fact]
    public async Task Health_answers_200_ok_and_nothing_more()
    {
        using var response = await Get("/api/health");
        Assert.Equal("""{"status":"ok"}""", (await JsonAsync(response, 200)).GetRawText());
    }

    [Fact]
    public async Task Model_gives_the_card_and_the_limits_the_app_was_started_with()
    {
        using var response = await Get("/api/model");
        var model = await JsonAsync(response, 200);
        var card = SharedModel.Classifier.Card;
        Assert.Equal(card.Version, model.GetProperty("version").GetString());
        Assert.Equal(card.Labels, model.GetProperty("labels").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal(40_000_000, model.GetProperty("limits").GetProperty("maxPixels").GetInt64());
        Assert.Equal("mahalanobis", model.GetProperty("outOfDomain").GetProperty("method").GetString());
    }

    [Fact]
    public async Task OpenApi_serves_the_embedded_document_describing_the_routes()
    {
        using var response = await Get("/api/openapi.json");
        var document = await JsonAsync(response, 200);
        Assert.True(document.GetProperty("paths").TryGetProperty("/api/predict", out _));
    }

    [Fact]
    public async Task Deployment_gives_the_served_model_as_live_with_no_candidate_until_an_operator_sets_one()
    {
        using var response = await Get("/api/deployment");
        var record = await JsonAsync(response, 200);
        Assert.Equal(SharedModel.Classifier.Card.Name, record.GetProperty("live").GetProperty("name").GetString());
        Assert.Equal("live-only", record.GetProperty("mode").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, record.GetProperty("candidate").ValueKind);
    }

    [Fact]
    public async Task Deployment_changes_that_cannot_apply_are_refused_each_with_its_status_and_change_nothing()
    {
        using (var form = await Post("/api/deployment", new StringContent("action=promote", System.Text.Encoding.UTF8, "text/plain")))
            Assert.Contains("application/json", await ProblemAsync(form, 415));
        using (var unknown = await Post("/api/deployment", Json("""{"action":"canary","candidate":"nobody@9.9.9","percent":10}""")))
            Assert.Contains("unknown version", await ProblemAsync(unknown, 400));
        using (var noCandidate = await Post("/api/deployment", Json("""{"action":"promote"}""")))
            await ProblemAsync(noCandidate, 409);
        using var after = await Get("/api/deployment");
        Assert.Equal("live-only", (await JsonAsync(after, 200)).GetProperty("mode").GetString());
    }

    private static StringContent Json(string body) => new(body, System.Text.Encoding.UTF8, "application/json");

    [Fact]
    public async Task Predict_a_raw_png_body_gives_the_prediction_json()
    {
        using var response = await Post("/api/predict", Image(TestImages.Picture(1)));
        var json = await JsonAsync(response, 200);
        // Shapes on a gradient are nothing like clothing: the default model says so, and still names its best guess.
        Assert.Equal("out-of-domain", json.GetProperty("status").GetString());
        Assert.Equal(3, json.GetProperty("predictions").GetArrayLength());
        Assert.Equal(json.GetProperty("label").GetString(), json.GetProperty("predictions")[0].GetProperty("label").GetString());
        Assert.True(json.GetProperty("timings").GetProperty("totalMs").GetDouble() > 0);
        Assert.Equal(SharedModel.Classifier.Info.Version, json.GetProperty("model").GetProperty("version").GetString());
    }

    [Fact]
    public async Task Predict_takes_a_multipart_form_field_named_image_and_top()
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(TestImages.Jpeg(2));
        file.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        form.Add(new StringContent("a note"), "comment");
        form.Add(file, "image", "photo.jpg");
        using var response = await Post("/api/predict?top=5", form);
        Assert.Equal(5, (await JsonAsync(response, 200)).GetProperty("predictions").GetArrayLength());
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("0")]
    [InlineData("-1")]
    public async Task Predict_with_a_bad_top_is_400(string top)
    {
        using var response = await Post($"/api/predict?top={top}", Image(TestImages.Picture(1)));
        Assert.Contains("top", await ProblemAsync(response, 400));
    }

    public static TheoryData<string, byte[], string> UnusableBodies() => new()
    {
        { "image/jpeg", TestImages.NotAnImage(1), "not an image" },
        { "image/jpeg", TestImages.TruncatedJpeg(1), "truncated" },
        { "image/png", [], "empty" },
    };

    [Theory]
    [MemberData(nameof(UnusableBodies))]
    public async Task Predict_bytes_that_are_not_a_usable_image_is_400_with_the_reason(string type, byte[] body, string reason)
    {
        using var response = await Post("/api/predict", Image(body, type));
        Assert.Contains(reason, await ProblemAsync(response, 400));
    }

    [Fact]
    public async Task Predict_a_chunked_body_over_the_limit_is_413()
    {
        using var response = await Post("/api/predict", new ChunkedContent(new byte[(21 * 1024 * 1024) + 1], "image/jpeg"));
        Assert.Contains("limit", await ProblemAsync(response, 413));
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/json")]
    [InlineData("image/heic")]
    public async Task Predict_with_an_unsupported_content_type_is_415(string contentType)
    {
        using var response = await Post("/api/predict", Image(TestImages.Picture(1), contentType));
        Assert.Contains("JPEG, PNG", await ProblemAsync(response, 415));
    }

    [Fact]
    public async Task Predict_an_image_format_the_model_does_not_take_is_415()
    {
        using var response = await Post("/api/predict", Image(TestImages.Icon(), "application/octet-stream"));
        Assert.Contains("unsupported image format", await ProblemAsync(response, 415));
    }

    [Fact]
    public async Task Upload_202_then_pending_202_then_the_blob_trigger_stores_the_result_200()
    {
        using var upload = await Post("/api/uploads", Image(TestImages.Picture(4)));
        var accepted = await JsonAsync(upload, 202);
        var name = accepted.GetProperty("name").GetString()!;
        Assert.EndsWith(".png", name);
        Assert.Equal($"/api/predictions/{name}", upload.Headers.Location?.ToString());

        using var pending = await Get($"/api/predictions/{name}");
        Assert.Equal("pending", (await JsonAsync(pending, 202)).GetProperty("status").GetString());

        Assert.Equal(new(true, null), await Worker.InvokeBlobAsync(Containers.Uploads, name));

        using var done = await Get($"/api/predictions/{name}");
        var result = await JsonAsync(done, 200);
        Assert.Equal("out-of-domain", result.GetProperty("status").GetString());
        Assert.Equal(name, result.GetProperty("source").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Upload_of_bytes_that_are_not_an_image_is_400_and_stores_nothing()
    {
        var uploads = App.Blobs.GetBlobContainerClient(Containers.Uploads);
        int Count() => uploads.Exists() ? uploads.GetBlobs().Count() : 0;
        var before = Count();
        using var response = await Post("/api/uploads", Image(TestImages.NotAnImage(2)));
        await ProblemAsync(response, 400);
        Assert.Equal(before, Count());
    }

    [Fact]
    public async Task A_prediction_that_was_never_uploaded_is_404()
    {
        using var response = await Get("/api/predictions/never-uploaded.png");
        Assert.Contains("never-uploaded.png", await ProblemAsync(response, 404));
    }

    [Theory]
    [InlineData("..%2Fsecret.json")]
    [InlineData("a%2f..%2fb.png")]
    [InlineData("a%5Cb.png")]
    [InlineData("line%0Abreak.png")]
    public async Task Hostile_names_in_the_url_are_400(string escapedName)
    {
        using var response = await Get($"/api/predictions/{escapedName}");
        Assert.StartsWith("invalid upload name", await ProblemAsync(response, 400));
    }

    [Theory]
    [InlineData("/api/public/model")]
    [InlineData("/api/public/predictions/x.png")]
    public async Task Public_twins_are_404_while_the_public_demo_is_off(string path)
    {
        using var response = await Get(path);
        Assert.Contains("Api__PublicDemo", await ProblemAsync(response, 404));
    }

    [Fact]
    public async Task Public_uploads_are_404_while_the_public_demo_is_off()
    {
        using var response = await Post("/api/public/uploads", Image(TestImages.Picture(1)));
        Assert.Contains("Api__PublicDemo", await ProblemAsync(response, 404));
    }

    /// <summary>A body sent without Content-Length (Transfer-Encoding: chunked), as a streaming client sends it.</summary>
    private sealed class ChunkedContent : HttpContent
    {
        private readonly byte[] _bytes;

        public ChunkedContent(byte[] bytes, string type)
        {
            _bytes = bytes;
            Headers.ContentType = new MediaTypeHeaderValue(type);
        }

        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => stream.WriteAsync(_bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
