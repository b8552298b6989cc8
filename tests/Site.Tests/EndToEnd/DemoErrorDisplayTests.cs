using System.Text.RegularExpressions;
using Classifier.Core.Imaging;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Site.Tests.EndToEnd;

/// <summary>
/// How the demo shows what the real API says when it refuses an image (RFC 9457 detail), and what it says
/// when the API cannot be reached at all (the one failure provoked in the browser, by aborting the request).
/// </summary>
public class DemoErrorDisplayTests(LocalRunnerFixture site) : IClassFixture<LocalRunnerFixture>
{
    private static readonly FilePayload TextFile = new()
    {
        Name = "notes.txt",
        MimeType = "text/plain",
        Buffer = "a text file, not an image\n"u8.ToArray(),
    };

    /// <summary>"413 Payload Too Large: image too large: ..." whatever reason phrase the server's HTTP stack uses.</summary>
    private static readonly Regex TooLargeProblem = new(@"^413 [A-Za-z ]+: .*limit is \d+(\.\d)? MB");

    private static readonly Regex UnsupportedTypeProblem = new(@"^415 [A-Za-z ]+: unsupported Content-Type text/plain");

    [Fact]
    public async Task The_model_name_from_the_api_is_shown()
    {
        await using var browser = await site.NewPageAsync();
        await browser.Page.GotoAsync("demo/");

        var model = SharedModel.Classifier.Info;
        await Expect(browser.Page.Locator("#demo-model")).ToContainTextAsync($"Model: {model.Name} {model.Version}");
    }

    [Fact]
    public async Task A_too_large_image_shows_the_413_detail()
    {
        var folder = Directory.CreateTempSubdirectory("site-e2e-large-");
        try
        {
            // One byte over the default limit: the API refuses it from its Content-Length, unread.
            var path = Path.Combine(folder.FullName, "huge.png");
            await File.WriteAllBytesAsync(path, new byte[ImageLimits.DefaultMaxBytes + 1]);
            await using var browser = await site.NewPageAsync();
            await browser.Page.GotoAsync("demo/");

            await browser.Page.GetByLabel("Choose a file").SetInputFilesAsync(path);

            await Expect(browser.Page.GetByRole(AriaRole.Alert)).ToHaveTextAsync(TooLargeProblem, new() { Timeout = 30_000 });
            await Expect(browser.Page.Locator("#demo-result")).ToBeEmptyAsync();
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_text_file_in_pipeline_mode_shows_the_415_detail()
    {
        await using var browser = await site.NewPageAsync();
        await browser.Page.GotoAsync("demo/");

        await browser.Page.GetByLabel("Through blob storage").CheckAsync();
        await browser.Page.GetByLabel("Choose a file").SetInputFilesAsync(TextFile);

        await Expect(browser.Page.GetByRole(AriaRole.Alert)).ToHaveTextAsync(UnsupportedTypeProblem);
    }

    [Fact]
    public async Task An_unreachable_api_is_reported_not_left_blank()
    {
        await using var browser = await site.NewPageAsync();
        var page = browser.Page;
        await page.GotoAsync("demo/");
        await page.RouteAsync("**/api/predict*", route => route.AbortAsync("connectionrefused"));

        await page.GetByRole(AriaRole.Button, new() { Name = "Sneaker" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Could not reach the API");
        await Expect(page.Locator("#demo-result")).ToBeEmptyAsync();
    }

    [Fact]
    public async Task The_demo_beside_the_quiz_reports_errors_the_same_way()
    {
        await using var browser = await site.NewPageAsync();
        await browser.Page.GotoAsync("quiz/");

        await browser.Page.GetByLabel("Choose a file").SetInputFilesAsync(TextFile);

        await Expect(browser.Page.GetByRole(AriaRole.Alert)).ToHaveTextAsync(UnsupportedTypeProblem);
    }
}
