using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Site.Tests.EndToEnd;

/// <summary>
/// FAKE API, for error display only: the real site with canned /api answers (a model description,
/// a 413 from /predict, a 415 from /uploads) so the demo's error handling can be seen before the
/// local runner exists. Tests of real predictions belong against the runner, not here.
/// </summary>
public sealed class FakeApiSiteFixture : BrowserSiteFixture
{
    public const string ModelName = "fake-model-for-error-tests";
    public const string TooLargeDetail = "The image is 12.0 MB; the limit is 4 MB.";
    public const string UnsupportedDetail = "Content-Type text/plain is not an image type the classifier reads (png, jpeg, webp, bmp, gif).";

    private readonly string siteRoot = Directory.CreateTempSubdirectory("site-fake-api-").FullName;

    protected override async Task<ISiteServer> StartServerAsync()
    {
        StaticSiteFixture.BuildRealSite(siteRoot);
        return await StaticSiteServer.StartAsync(siteRoot, app =>
        {
            app.MapGet("/api/model", () => Results.Json(new
            {
                name = ModelName,
                version = "0.0-test",
                labels = new[] { "T-shirt/top", "Trouser" },
                inputSize = 224,
            }));
            app.MapPost("/api/predict", () => Problem(StatusCodes.Status413PayloadTooLarge, "Image too large", TooLargeDetail));
            app.MapPost("/api/uploads", () => Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", UnsupportedDetail));
        });
    }

    private static IResult Problem(int status, string title, string detail) => Results.Json(
        new { type = "about:blank", title, status, detail }, statusCode: status, contentType: "application/problem+json");

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(siteRoot, recursive: true);
        if (Directory.Exists(siteRoot + "-model"))
        {
            Directory.Delete(siteRoot + "-model", recursive: true);
        }
    }
}
