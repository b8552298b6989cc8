using System.Net.Http.Headers;
using Classifier.Functions;
using Classifier.Pipeline.Blobs;
using Classifier.Pipeline.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Tests.Fixtures;

namespace Pipeline.Tests.Functions;

/// <summary>
/// The Functions app's HTTP functions called as the host calls them (ASP.NET Core integration hands over an
/// HttpRequest), each status the API promises, on a real Azurite and the real model.
/// </summary>
public sealed class HttpFunctionTests : IClassFixture<AzuriteFixture>, IDisposable
{
    private readonly ServiceProvider _services;
    private readonly HttpApi _functions;
    private readonly ClassifyUpload _blobFunction;
    private readonly PredictionStore _store;
    private readonly AzuriteFixture _azurite;

    public HttpFunctionTests(AzuriteFixture azurite)
    {
        _azurite = azurite;
        _services = PipelineServices.Build(azurite.ConnectionString);
        _functions = new HttpApi(_services.GetRequiredService<ApiHandlers>());
        _blobFunction = new ClassifyUpload(_services.GetRequiredService<UploadProcessor>());
        _store = _services.GetRequiredService<PredictionStore>();
        _store.EnsureContainersAsync(CancellationToken.None).GetAwaiter().GetResult();
    }

    public void Dispose() => _services.Dispose();

    private async Task<HttpCall.Answer> Call(Func<HttpRequest, Task<IActionResult>> function, HttpContext context) =>
        await HttpCall.ExecuteAsync(context, await function(context.Request));

    private Task<HttpCall.Answer> Post(Func<HttpRequest, Task<IActionResult>> function, string path, byte[] body, string? contentType) =>
        Call(function, HttpCall.Request("POST", path, body, contentType, _services));

    [Fact]
    public async Task The_configured_limits_are_enforced_and_reported_even_with_a_preloaded_classifier()
    {
        using var services = PipelineServices.Build(_azurite.ConnectionString,
            new Dictionary<string, string?> { ["Classifier:MaxPixels"] = "1000", ["Classifier:MaxAspectRatio"] = "4" });
        var functions = new HttpApi(services.GetRequiredService<ApiHandlers>());

        var model = await Call(functions.Model, HttpCall.Request("GET", "/api/model", services: services));
        Assert.Equal(1000, model.Json.GetProperty("limits").GetProperty("maxPixels").GetInt64());
        Assert.Equal(4, model.Json.GetProperty("limits").GetProperty("maxAspectRatio").GetDouble());

        var tooBig = await Call(functions.Predict, HttpCall.Request("POST", "/api/predict", TestImages.Picture(3), "image/png", services));
        Assert.Equal(413, tooBig.Status);
        Assert.Contains("96x96", tooBig.Detail);
    }

    [Fact]
    public async Task Health_answers_200_ok_and_nothing_more()
    {
        var answer = await Call(_functions.Health, HttpCall.Request("GET", "/api/health", services: _services));
        Assert.Equal(200, answer.Status);
        Assert.Equal("""{"status":"ok"}""", answer.Body);
    }

    [Fact]
    public async Task Model_gives_the_card_the_demo_shows()
    {
        var answer = await Call(_functions.Model, HttpCall.Request("GET", "/api/model", services: _services));
        Assert.Equal(200, answer.Status);
        Assert.StartsWith("application/json", answer.ContentType);
        var card = SharedModel.Classifier.Card;
        Assert.Equal(card.Version, answer.Json.GetProperty("version").GetString());
        Assert.Equal(card.Labels, answer.Json.GetProperty("labels").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal(card.Input.Width, answer.Json.GetProperty("input").GetProperty("width").GetInt32());
        var outOfDomain = answer.Json.GetProperty("outOfDomain");
        Assert.True(outOfDomain.GetProperty("available").GetBoolean());
        Assert.Equal("mahalanobis", outOfDomain.GetProperty("method").GetString());
        Assert.Equal(card.OutOfDomain!.Threshold, outOfDomain.GetProperty("threshold").GetSingle());
    }

    [Fact]
    public async Task Predict_a_raw_png_body_gives_the_prediction_json()
    {
        var answer = await Post(_functions.Predict, "/api/predict", TestImages.Picture(1), "image/png");
        Assert.Equal(200, answer.Status);
        var json = answer.Json;
        // Shapes on a gradient are nothing like clothing: the default model says so, and still names its best guess.
        Assert.Equal("out-of-domain", json.GetProperty("status").GetString());
        var outOfDomain = json.GetProperty("outOfDomain");
        Assert.True(outOfDomain.GetProperty("score").GetDouble() > outOfDomain.GetProperty("threshold").GetDouble());
        Assert.Equal(3, json.GetProperty("predictions").GetArrayLength());
        Assert.Equal(json.GetProperty("label").GetString(), json.GetProperty("predictions")[0].GetProperty("label").GetString());
        var timings = json.GetProperty("timings");
        Assert.True(timings.GetProperty("preprocessMs").GetDouble() > 0);
        Assert.True(timings.GetProperty("totalMs").GetDouble() >= timings.GetProperty("preprocessMs").GetDouble());
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
        var body = await form.ReadAsByteArrayAsync();

        var answer = await Post(_functions.Predict, "/api/predict?top=5", body, form.Headers.ContentType!.ToString());
        Assert.Equal(200, answer.Status);
        Assert.Equal(5, answer.Json.GetProperty("predictions").GetArrayLength());
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("0")]
    [InlineData("-1")]
    public async Task Predict_with_a_bad_top_is_400(string top)
    {
        var answer = await Post(_functions.Predict, $"/api/predict?top={top}", TestImages.Picture(1), "image/png");
        Assert.Equal(400, answer.Status);
        Assert.True(answer.IsProblem);
        Assert.Contains("top", answer.Detail);
    }

    [Fact]
    public async Task Predict_bytes_that_are_not_an_image_is_400_with_the_reason()
    {
        var answer = await Post(_functions.Predict, "/api/predict", TestImages.NotAnImage(1), "image/jpeg");
        Assert.Equal(400, answer.Status);
        Assert.True(answer.IsProblem);
        Assert.Contains("not an image", answer.Detail);
        Assert.DoesNotContain(" at ", answer.Body); // no stack trace
    }

    [Fact]
    public async Task Predict_a_truncated_jpeg_is_400()
    {
        var answer = await Post(_functions.Predict, "/api/predict", TestImages.TruncatedJpeg(1), "image/jpeg");
        Assert.Equal(400, answer.Status);
        Assert.Contains("truncated", answer.Detail);
    }

    [Fact]
    public async Task Predict_an_empty_body_is_400()
    {
        var answer = await Post(_functions.Predict, "/api/predict", [], "image/png");
        Assert.Equal(400, answer.Status);
        Assert.Contains("empty", answer.Detail);
    }

    [Fact]
    public async Task Predict_over_the_byte_limit_is_413_before_the_body_is_read()
    {
        var context = HttpCall.Request("POST", "/api/predict", contentType: "image/jpeg", services: _services);
        context.Request.Body = new UnreadableBody();
        context.Request.ContentLength = 25L * 1024 * 1024;

        var answer = await Call(_functions.Predict, context);
        Assert.Equal(413, answer.Status);
        Assert.True(answer.IsProblem);
        Assert.Contains("25 MB", answer.Detail);
    }

    [Fact]
    public async Task Predict_a_chunked_body_over_the_limit_is_413()
    {
        var context = HttpCall.Request("POST", "/api/predict", new byte[(21 * 1024 * 1024) + 1], "image/jpeg", _services);
        context.Request.ContentLength = null; // chunked: no length announced
        var answer = await Call(_functions.Predict, context);
        Assert.Equal(413, answer.Status);
        Assert.Contains("limit", answer.Detail);
    }

    [Fact]
    public async Task Predict_over_the_pixel_limit_is_413()
    {
        // The pixel limit is the classifier's own (checked from the header), so this needs a classifier loaded with it.
        using var services = PipelineServices.Build(_azurite.ConnectionString,
            new Dictionary<string, string?> { ["Classifier:MaxPixels"] = "1000", ["Classifier:ModelContainer"] = "" }, shareModel: false);
        var functions = new HttpApi(services.GetRequiredService<ApiHandlers>());
        var answer = await HttpCall.ExecuteAsync(HttpCall.Request("POST", "/api/predict", TestImages.Picture(3), "image/png", services),
            await functions.Predict(HttpCall.Request("POST", "/api/predict", TestImages.Picture(3), "image/png", services).Request));
        Assert.Equal(413, answer.Status);
        Assert.Contains("megapixels", answer.Detail);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/json")]
    [InlineData("image/heic")]
    public async Task Predict_with_an_unsupported_content_type_is_415(string contentType)
    {
        var answer = await Post(_functions.Predict, "/api/predict", TestImages.Picture(1), contentType);
        Assert.Equal(415, answer.Status);
        Assert.True(answer.IsProblem);
        Assert.Contains("JPEG, PNG", answer.Detail);
    }

    [Fact]
    public async Task Predict_an_image_format_the_model_does_not_take_is_415()
    {
        var answer = await Post(_functions.Predict, "/api/predict", TestImages.Icon(), "application/octet-stream");
        Assert.Equal(415, answer.Status);
        Assert.Contains("unsupported image format", answer.Detail);
    }

    [Fact]
    public async Task Upload_202_then_pending_202_then_the_blob_function_stores_the_result_200()
    {
        var upload = await Post(_functions.Upload, "/api/uploads", TestImages.Picture(4), "image/png");
        Assert.Equal(202, upload.Status);
        var name = upload.Json.GetProperty("name").GetString()!;
        Assert.EndsWith(".png", name);
        Assert.Equal($"/api/predictions/{name}", upload.Headers.Location.ToString());
        Assert.Equal($"/api/predictions/{name}", upload.Json.GetProperty("location").GetString());

        var pending = await Call(r => _functions.Prediction(r, name), HttpCall.Request("GET", $"/api/predictions/{name}", services: _services));
        Assert.Equal(202, pending.Status);
        Assert.Equal("pending", pending.Json.GetProperty("status").GetString());

        await _blobFunction.Run(_store.Uploads.GetBlobClient(name));

        var done = await Call(r => _functions.Prediction(r, name), HttpCall.Request("GET", $"/api/predictions/{name}", services: _services));
        Assert.Equal(200, done.Status);
        Assert.Equal("out-of-domain", done.Json.GetProperty("status").GetString());
        Assert.True(done.Json.GetProperty("outOfDomain").GetProperty("score").GetDouble() > 0);
        var source = done.Json.GetProperty("source");
        Assert.Equal("uploads", source.GetProperty("container").GetString());
        Assert.Equal(name, source.GetProperty("name").GetString());
        Assert.True(done.Json.TryGetProperty("processedAt", out _));
    }

    [Fact]
    public async Task Upload_of_bytes_that_are_not_an_image_is_400_and_stores_nothing()
    {
        var before = _store.Uploads.GetBlobsAsync().ToBlockingEnumerable().Count();
        var answer = await Post(_functions.Upload, "/api/uploads", TestImages.NotAnImage(2), "image/png");
        Assert.Equal(400, answer.Status);
        Assert.Equal(before, _store.Uploads.GetBlobsAsync().ToBlockingEnumerable().Count());
    }

    [Fact]
    public async Task Upload_over_the_limit_is_413()
    {
        var context = HttpCall.Request("POST", "/api/uploads", contentType: "image/png", services: _services);
        context.Request.Body = new UnreadableBody();
        context.Request.ContentLength = 25L * 1024 * 1024;
        Assert.Equal(413, (await Call(_functions.Upload, context)).Status);
    }

    [Fact]
    public async Task A_prediction_that_was_never_uploaded_is_404()
    {
        var answer = await Call(r => _functions.Prediction(r, "never-uploaded.png"), HttpCall.Request("GET", "/api/predictions/never-uploaded.png", services: _services));
        Assert.Equal(404, answer.Status);
        Assert.True(answer.IsProblem);
        Assert.Contains("never-uploaded.png", answer.Detail);
    }

    public static TheoryData<string> HostileNames() => new()
    {
        "..",
        "../predictions/x.png",
        "..%2Fsecret.json",
        "a%2fb.png",
        "a%5Cb.png",
        "a\\b.png",
        "bell\u0007.png",
        "line\nbreak.png",
        "nul\0.png",
        new string('a', 1025),
        "",
    };

    [Theory]
    [MemberData(nameof(HostileNames))]
    public async Task Hostile_names_are_400(string name)
    {
        var answer = await Call(r => _functions.Prediction(r, name), HttpCall.Request("GET", "/api/predictions/x", services: _services));
        Assert.Equal(400, answer.Status);
        Assert.True(answer.IsProblem);
        Assert.StartsWith("invalid upload name", answer.Detail);
    }

    [Fact]
    public async Task Public_twins_are_404_while_the_public_demo_is_off()
    {
        var answers = new[]
        {
            await Call(_functions.PublicModel, HttpCall.Request("GET", "/api/public/model", services: _services)),
            await Post(_functions.PublicPredict, "/api/public/predict", TestImages.Picture(1), "image/png"),
            await Post(_functions.PublicUpload, "/api/public/uploads", TestImages.Picture(1), "image/png"),
            await Call(r => _functions.PublicPrediction(r, "x.png"), HttpCall.Request("GET", "/api/public/predictions/x.png", services: _services)),
        };
        Assert.All(answers, a =>
        {
            Assert.Equal(404, a.Status);
            Assert.True(a.IsProblem);
            Assert.Contains("Api__PublicDemo", a.Detail);
        });
    }

    [Fact]
    public async Task Public_twins_answer_like_the_keyed_routes_when_the_public_demo_is_on()
    {
        using var services = PipelineServices.Build(_azurite.ConnectionString, new Dictionary<string, string?> { ["Api:PublicDemo"] = "true" });
        var functions = new HttpApi(services.GetRequiredService<ApiHandlers>());

        var model = await HttpCall.ExecuteAsync(HttpCall.Request("GET", "/api/public/model", services: services),
            await functions.PublicModel(HttpCall.Request("GET", "/api/public/model", services: services).Request));
        Assert.Equal(200, model.Status);

        var context = HttpCall.Request("POST", "/api/public/uploads", TestImages.Picture(5), "image/png", services);
        var upload = await HttpCall.ExecuteAsync(context, await functions.PublicUpload(context.Request));
        Assert.Equal(202, upload.Status);
        Assert.StartsWith("/api/public/predictions/", upload.Json.GetProperty("location").GetString());
    }
}
