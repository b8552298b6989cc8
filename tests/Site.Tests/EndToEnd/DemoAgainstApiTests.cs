using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Site.Tests.EndToEnd;

/// <summary>
/// The live demo against a real API: an example image, the blob pipeline, a corrupt file. Abstract so it
/// runs once per API host it is subclassed for (today <see cref="DemoOnLocalRunnerTests"/>).
/// </summary>
public abstract class DemoAgainstApiTests<TFixture>(TFixture site) where TFixture : BrowserSiteFixture
{
    private static readonly string[] FashionLabels =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    private static readonly Regex AnyLabel = new(string.Join('|', FashionLabels.Select(Regex.Escape)));

    private static readonly LocatorAssertionsToHaveCountOptions Patient = new() { Timeout = 30_000 };

    [Fact]
    public async Task An_example_image_comes_back_with_a_label_three_bars_the_model_and_timings()
    {
        await using var browser = await site.NewPageAsync();
        var page = browser.Page;
        await page.GotoAsync("demo/");
        await Expect(page.Locator("#demo-model")).Not.ToContainTextAsync("unknown");

        await page.GetByRole(AriaRole.Button, new() { Name = "Sneaker" }).ClickAsync();

        var result = page.Locator("#demo-result");
        await Expect(result.Locator(".demo-bars li")).ToHaveCountAsync(3, Patient);
        await Expect(result.Locator(".demo-status")).ToHaveTextAsync(AnyLabel);
        await Expect(result.Locator(".demo-meta")).ToContainTextAsync(new Regex(@"preprocess \d+\.\d ms · inference \d+\.\d ms"));
        await Expect(page.GetByRole(AriaRole.Alert)).ToBeEmptyAsync();
        Assert.Empty(browser.ConsoleErrors);
    }

    [Fact]
    public async Task The_pipeline_mode_shows_the_stored_result()
    {
        await using var browser = await site.NewPageAsync();
        var page = browser.Page;
        await page.GotoAsync("demo/");
        await page.GetByLabel("Through blob storage").CheckAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Ankle boot" }).ClickAsync();

        // Upload, blob trigger, result blob: allow the trigger's polling delay.
        await Expect(page.Locator("#demo-result .demo-bars li")).ToHaveCountAsync(3, new() { Timeout = 90_000 });
        await Expect(page.GetByRole(AriaRole.Alert)).ToBeEmptyAsync();
    }

    [Fact]
    public async Task A_photo_that_is_not_clothing_is_called_out_of_domain_with_the_guess_second()
    {
        await using var browser = await site.NewPageAsync();
        var page = browser.Page;
        await page.GotoAsync("demo/");

        await page.GetByLabel("Choose a file").SetInputFilesAsync(
            Path.Combine(RepoPaths.Root, "tests", "Classifier.Tests", "Fixtures", "astronaut.jpg"));

        var result = page.Locator("#demo-result");
        await Expect(result.Locator(".demo-status")).ToHaveTextAsync("This does not look like anything the model was trained on.", new() { Timeout = 30_000 });
        await Expect(result.Locator(".demo-guess")).ToContainTextAsync(AnyLabel);
        await Expect(result.Locator(".demo-bars li")).ToHaveCountAsync(3);
        await Expect(result.Locator(".demo-meta")).ToContainTextAsync("out-of-domain score");
        await Expect(page.GetByRole(AriaRole.Alert)).ToBeEmptyAsync();
        Assert.Empty(browser.ConsoleErrors);
        Directory.CreateDirectory(RepoPaths.Screenshots);
        await result.ScreenshotAsync(new() { Path = Path.Combine(RepoPaths.Screenshots, "demo-out-of-domain.png") });
    }

    [Fact]
    public async Task A_corrupt_image_shows_the_problem_detail()
    {
        await using var browser = await site.NewPageAsync();
        var page = browser.Page;
        await page.GotoAsync("demo/");

        await page.GetByLabel("Choose a file").SetInputFilesAsync(new FilePayload
        {
            Name = "corrupt.png",
            MimeType = "image/png",
            Buffer = "not really a PNG"u8.ToArray(),
        });

        var alert = page.GetByRole(AriaRole.Alert);
        await Expect(alert).ToContainTextAsync(new Regex(@"^4\d\d .+: \S+"), new() { Timeout = 30_000 });
        await Expect(alert).Not.ToContainTextAsync("the API gave no details");
    }
}
