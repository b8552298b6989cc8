using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Site.Tests.EndToEnd;

/// <summary>
/// FAKE API: how the demo shows API problems (RFC 9457 detail, network down), against canned answers
/// from <see cref="FakeApiSiteFixture"/>. Real predictions are tested against the local runner.
/// </summary>
public class DemoErrorDisplayTests(FakeApiSiteFixture site) : IClassFixture<FakeApiSiteFixture>
{
    private static readonly byte[] ExamplePng = File.ReadAllBytes(Path.Combine(RepoPaths.SiteAssets, "examples", "sneaker.png"));

    private static Task ChooseFileAsync(IPage page) =>
        page.GetByLabel("Choose a file").SetInputFilesAsync(new FilePayload { Name = "sneaker.png", MimeType = "image/png", Buffer = ExamplePng });

    [Fact]
    public async Task The_model_name_from_the_api_is_shown()
    {
        await using var browser = await site.NewPageAsync();
        await browser.Page.GotoAsync("demo/");

        await Expect(browser.Page.Locator("#demo-model")).ToContainTextAsync($"Model: {FakeApiSiteFixture.ModelName} 0.0-test");
    }

    [Fact]
    public async Task A_413_problem_shows_its_detail()
    {
        await using var browser = await site.NewPageAsync();
        await browser.Page.GotoAsync("demo/");

        await ChooseFileAsync(browser.Page);

        await Expect(browser.Page.GetByRole(AriaRole.Alert)).ToHaveTextAsync($"413 Payload Too Large: {FakeApiSiteFixture.TooLargeDetail}");
    }

    [Fact]
    public async Task A_rejected_upload_in_pipeline_mode_shows_its_detail()
    {
        await using var browser = await site.NewPageAsync();
        await browser.Page.GotoAsync("demo/");

        await browser.Page.GetByLabel("Through blob storage").CheckAsync();
        await ChooseFileAsync(browser.Page);

        await Expect(browser.Page.GetByRole(AriaRole.Alert)).ToContainTextAsync(FakeApiSiteFixture.UnsupportedDetail);
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

        await ChooseFileAsync(browser.Page);

        await Expect(browser.Page.GetByRole(AriaRole.Alert)).ToContainTextAsync(FakeApiSiteFixture.TooLargeDetail);
    }
}
