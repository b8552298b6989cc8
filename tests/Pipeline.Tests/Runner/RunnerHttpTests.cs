using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Classifier.Core.Inference;
using Pipeline.Tests.Fixtures;

namespace Pipeline.Tests.Runner;

/// <summary>The API and the site through the real local runner (Kestrel on loopback), as a browser or curl sees them.</summary>
public sealed class RunnerHttpTests(RunnerFixture fixture) : IClassFixture<RunnerFixture>
{
    private HttpClient Http => fixture.Http;

    private static ByteArrayContent Image(byte[] bytes, string type = "image/png")
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(type);
        return content;
    }

    private static async Task<JsonElement> ProblemOf(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((int)response.StatusCode, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        Assert.DoesNotContain("   at ", problem.GetProperty("detail").GetString());
        return problem;
    }

    [Fact]
    public async Task The_site_is_served_at_the_root()
    {
        var page = await Http.GetStringAsync("/");
        Assert.Contains("<h1>Lesson 2</h1>", page);
    }

    [Fact]
    public async Task A_site_path_with_nothing_behind_it_is_a_404_page_that_links_home()
    {
        using var response = await Http.GetAsync("/quizz/<b>");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("<h1>Page not found</h1>", page);
        Assert.Contains("There is no page at <code>/quizz/&lt;b&gt;</code>", page); // the path is text, never markup
        Assert.Contains("<a href=\"/\">the home page</a>", page);
    }

    [Theory]
    [InlineData("api/health")]
    [InlineData("api/model")]
    [InlineData("api/public/model")]
    public async Task Health_and_model_answer_200_json(string path)
    {
        using var response = await Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("api/predict")]
    [InlineData("api/public/predict")]
    public async Task Predict_answers_200_with_the_same_prediction_as_the_core(string path)
    {
        var bytes = TestImages.Jpeg(21);
        using var response = await Http.PostAsync(path, Image(bytes, "image/jpeg"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var prediction = Prediction.FromJson(await response.Content.ReadAsStringAsync());
        var expected = SharedModel.Classifier.Classify(bytes);
        Assert.Equal(expected.Label, prediction.Label);
        Assert.Equal(expected.Confidence, prediction.Confidence, 5);
        Assert.Equal(expected.Status, prediction.Status);
        Assert.Equal(expected.OutOfDomain, prediction.OutOfDomain);
    }

    [Fact]
    public async Task Sixteen_concurrent_predictions_are_all_answered_correctly()
    {
        var images = Enumerable.Range(100, 16).Select(seed => TestImages.Picture(seed, size: 64 + seed % 64)).ToArray();
        var expected = images.Select(i => SharedModel.Classifier.Classify(i)).ToArray();

        var answers = await Task.WhenAll(images.Select(async bytes =>
        {
            using var response = await Http.PostAsync("api/predict", Image(bytes));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return Prediction.FromJson(await response.Content.ReadAsStringAsync());
        }));

        for (var i = 0; i < images.Length; i++)
        {
            Assert.Equal(expected[i].Label, answers[i].Label);
            Assert.Equal(expected[i].Predictions.Select(p => p.Label), answers[i].Predictions.Select(p => p.Label));
        }
    }

    [Fact]
    public async Task Eight_extreme_shapes_at_once_are_each_refused_with_400_naming_the_shape()
    {
        (int Width, int Height)[] shapes = [(1, 999_999), (999_999, 1), (40, 999_999), (2, 500_000)];
        var answers = await Task.WhenAll(shapes.Concat(shapes).Select(async shape =>
        {
            using var response = await Http.PostAsync("api/predict", Image(ShapedPng.Grey(shape.Width, shape.Height)));
            return (shape, response.StatusCode, Detail: (await ProblemOf(response)).GetProperty("detail").GetString());
        }));

        Assert.All(answers, answer =>
        {
            Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
            Assert.Contains($"{answer.shape.Width}x{answer.shape.Height}", answer.Detail);
        });
    }

    [Fact]
    public async Task A_25_MB_body_is_refused_with_413()
    {
        var body = new byte[25 * 1024 * 1024];
        TestImages.Jpeg(1).CopyTo(body, 0); // a real JPEG start, padded: only the size is wrong
        using var response = await Http.PostAsync("api/predict", Image(body, "image/jpeg"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var problem = await ProblemOf(response);
        Assert.Contains("25 MB", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_chunked_body_over_the_limit_is_refused_with_413()
    {
        var content = new StreamContent(new MemoryStream(new byte[21 * 1024 * 1024]));
        content.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/predict") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        using var response = await Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        await ProblemOf(response);
    }

    [Fact]
    public async Task A_multipart_body_with_a_broken_part_header_is_400()
    {
        var body = new ByteArrayContent(System.Text.Encoding.ASCII.GetBytes(
            "--XyZ\r\nthis line is no header\r\n\r\nbytes\r\n--XyZ--\r\n"));
        body.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data; boundary=XyZ");
        using var response = await Http.PostAsync("api/predict", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await ProblemOf(response);
        Assert.Equal("the multipart/form-data body is malformed", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_client_that_stalls_mid_body_gets_408()
    {
        await using var client = new RawHttp(Http.BaseAddress!);
        await client.SendStartAsync("POST", "/api/predict",
            new Dictionary<string, string> { ["Content-Type"] = "image/png", ["Content-Length"] = "5000" }, new byte[100]);
        // Kestrel gives up on a body slower than 240 bytes/s after its 5 s grace period.
        Assert.Equal("HTTP/1.1 408 Request Timeout", await client.ReadStatusLineAsync());
    }

    [Fact]
    public async Task A_corrupt_image_is_400_with_the_reason()
    {
        using var response = await Http.PostAsync("api/predict", Image(TestImages.TruncatedJpeg(3), "image/jpeg"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await ProblemOf(response);
        Assert.Contains("truncated", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task An_unsupported_type_is_415()
    {
        using var response = await Http.PostAsync("api/predict", new StringContent("hello"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        await ProblemOf(response);
    }

    [Fact]
    public async Task Upload_then_poll_until_the_blob_trigger_has_stored_the_result()
    {
        using var upload = await Http.PostAsync("api/uploads", Image(TestImages.Picture(31)));
        Assert.Equal(HttpStatusCode.Accepted, upload.StatusCode);
        var accepted = await upload.Content.ReadFromJsonAsync<JsonElement>();
        var location = upload.Headers.Location!.ToString();
        Assert.Equal(location, accepted.GetProperty("location").GetString());

        for (var attempt = 0; attempt < 600; attempt++)
        {
            using var poll = await Http.GetAsync(location);
            if (poll.StatusCode == HttpStatusCode.Accepted)
            {
                await Task.Delay(100);
                continue;
            }
            Assert.Equal(HttpStatusCode.OK, poll.StatusCode);
            var result = Prediction.FromJson(await poll.Content.ReadAsStringAsync());
            Assert.Equal(accepted.GetProperty("name").GetString(), result.Source!.Name);
            Assert.NotEqual(PredictionStatus.Rejected, result.Status);
            return;
        }
        Assert.Fail("the blob trigger did not store a result within 60 s");
    }

    [Fact]
    public async Task An_upload_with_a_corrupt_body_is_classified_as_rejected_with_the_reason()
    {
        using var upload = await Http.PostAsync("api/public/uploads", Image(TestImages.TruncatedJpeg(4), "image/jpeg"));
        Assert.Equal(HttpStatusCode.Accepted, upload.StatusCode);
        var location = upload.Headers.Location!.ToString();
        Assert.StartsWith("/api/public/predictions/", location);
        for (var attempt = 0; attempt < 600; attempt++)
        {
            using var poll = await Http.GetAsync(location);
            if (poll.StatusCode == HttpStatusCode.Accepted)
            {
                await Task.Delay(100);
                continue;
            }
            var result = Prediction.FromJson(await poll.Content.ReadAsStringAsync());
            Assert.Equal(PredictionStatus.Rejected, result.Status);
            Assert.Contains("truncated", result.Error);
            return;
        }
        Assert.Fail("no result within 60 s");
    }

    [Fact]
    public async Task An_unknown_prediction_is_404()
    {
        using var response = await Http.GetAsync("api/predictions/20990101T000000Z-none.png");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await ProblemOf(response);
    }

    [Theory]
    [InlineData("api/predictions/..%2Fpredictions%2Fx.json")]
    [InlineData("api/predictions/a%5Cb.png")]
    [InlineData("api/predictions/a%01b.png")]
    [InlineData("api/predictions/a%252Fb.png")]
    [InlineData("api/predictions/phone%2F..%2F..%2Fpredictions%2Fx.png")]
    [InlineData("api/predictions/%2Fphone%2Fcat.png")]
    [InlineData("api/public/predictions/phone%2F%2Fcat.png")]
    public async Task Hostile_names_in_the_url_are_400(string path)
    {
        using var response = await Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await ProblemOf(response);
    }

    [Fact]
    public async Task A_name_over_1024_characters_is_400()
    {
        using var response = await Http.GetAsync("api/predictions/" + new string('n', 1025));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await ProblemOf(response);
    }

    [Fact]
    public async Task Unknown_routes_and_wrong_methods_answer_in_problem_json()
    {
        using var missing = await Http.GetAsync("api/nothing-here");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        await ProblemOf(missing);

        using var wrongMethod = await Http.GetAsync("api/predict");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, wrongMethod.StatusCode);
        await ProblemOf(wrongMethod);
    }
}
