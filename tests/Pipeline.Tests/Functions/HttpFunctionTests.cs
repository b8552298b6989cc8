using Classifier.Functions;
using Classifier.Pipeline.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Tests.Fixtures;

namespace Pipeline.Tests.Functions;

/// <summary>
/// The Functions app's HTTP functions called directly with an HttpRequest, only for what a request through
/// the worker (Pipeline.Tests.FunctionsApp) cannot show: that an oversized body is refused without being read,
/// names no URL can carry to the function, and a classifier handed in already loaded.
/// </summary>
public sealed class HttpFunctionTests : IClassFixture<AzuriteFixture>, IDisposable
{
    private readonly ServiceProvider _services;
    private readonly HttpApi _functions;
    private readonly AzuriteFixture _azurite;

    public HttpFunctionTests(AzuriteFixture azurite)
    {
        _azurite = azurite;
        _services = PipelineServices.Build(azurite.ConnectionString);
        _functions = new HttpApi(_services.GetRequiredService<ApiHandlers>());
    }

    public void Dispose() => _services.Dispose();

    private async Task<HttpCall.Answer> Call(Func<HttpRequest, Task<IActionResult>> function, HttpContext context) =>
        await HttpCall.ExecuteAsync(context, await function(context.Request));

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
    public async Task Upload_over_the_limit_is_413()
    {
        var context = HttpCall.Request("POST", "/api/uploads", contentType: "image/png", services: _services);
        context.Request.Body = new UnreadableBody();
        context.Request.ContentLength = 25L * 1024 * 1024;
        Assert.Equal(413, (await Call(_functions.Upload, context)).Status);
    }

    public static TheoryData<string> HostileNames() => new()
    {
        "..",
        "../predictions/x.png",
        "..%2Fsecret.json",
        "a%2f..%2fb.png",
        "%2fa.png",
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
}
