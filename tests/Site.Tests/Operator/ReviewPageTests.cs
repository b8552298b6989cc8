using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Site.Tests.Operator;

/// <summary>The /review/ page in Chromium against the runner's real queue: grid, filter, keyboard-only labelling.</summary>
public sealed class ReviewPageTests(OperatorSiteFixture site) : IClassFixture<OperatorSiteFixture>
{
    private static readonly LocatorAssertionsToHaveCountOptions Patient = new() { Timeout = 30_000 };

    [Fact]
    public async Task A_reviewer_filters_and_labels_the_queue_with_the_keyboard_alone()
    {
        using var http = new HttpClient { BaseAddress = site.Server.BaseAddress };
        var uploaded = new List<string>();
        // Clothing the fixture's bar (above 1) makes uncertain, and a drawn picture unlike any clothing.
        foreach (var example in new[] { "coat.png", "sandal.png", "trouser.png" })
            uploaded.Add(await UploadAsync(http, File.ReadAllBytes(Path.Combine(RepoPaths.SiteAssets, "examples", example))));
        var outOfDomain = await UploadAsync(http, Pictures.Png(399));
        await WaitForQueueAsync(http, [.. uploaded, outOfDomain]);

        await using var browser = await site.NewPageAsync();
        var page = browser.Page;
        await page.GotoAsync("review/");
        var cards = page.Locator(".review-card");
        await Expect(cards).ToHaveCountAsync(4, Patient);
        await Expect(cards.First.Locator("ol li")).ToHaveCountAsync(3);
        await Expect(cards.First.Locator("img")).ToHaveJSPropertyAsync("complete", true, new() { Timeout = 10_000 });
        Assert.Contains(await cards.First.Locator("img").EvaluateAsync<int>("img => img.naturalWidth"), new[] { 28, 96 }); // the upload itself, decoded

        await page.GetByRole(AriaRole.Radio, new() { Name = "Out of domain" }).CheckAsync();
        await Expect(cards).ToHaveCountAsync(1, Patient);
        await Expect(cards.First).ToHaveAttributeAsync("data-name", outOfDomain);
        await Expect(cards.First.Locator(".state")).ToHaveTextAsync("Out of domain");
        await page.Keyboard.PressAsync("n"); // the first card has the focus: "none of these"
        await Expect(cards).ToHaveCountAsync(0, Patient);

        await page.GetByRole(AriaRole.Radio, new() { Name = "All pending" }).CheckAsync();
        await Expect(cards).ToHaveCountAsync(3, Patient);
        await Expect(cards.First).ToBeFocusedAsync();
        var first = await cards.First.GetAttributeAsync("data-name");
        await page.Keyboard.PressAsync("9"); // the ninth label, Bag; the next card takes the focus
        await Expect(cards).ToHaveCountAsync(2, Patient);
        await Expect(cards.First).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("ArrowRight");
        await Expect(cards.Nth(1)).ToBeFocusedAsync();
        var second = await cards.Nth(1).GetAttributeAsync("data-name");
        await page.Keyboard.PressAsync("1"); // T-shirt/top
        await Expect(cards).ToHaveCountAsync(1, Patient);
        await Expect(page.Locator("#review-status")).ToContainTextAsync("T-shirt/top");

        var reviewed = await ReviewedAsync(http);
        Assert.Equal("none", reviewed[outOfDomain]);
        Assert.Equal("Bag", reviewed[first!]);
        Assert.Equal("T-shirt/top", reviewed[second!]);

        await page.GetByRole(AriaRole.Radio, new() { Name = "Reviewed" }).CheckAsync();
        await Expect(cards).ToHaveCountAsync(3, Patient);
        Assert.Empty(browser.ConsoleErrors);
    }

    /// <summary>POST /api/uploads; the name it was stored under.</summary>
    internal static async Task<string> UploadAsync(HttpClient http, byte[] png)
    {
        using var content = new ByteArrayContent(png);
        content.Headers.ContentType = new("image/png");
        using var response = await http.PostAsync("api/uploads", content);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("name").GetString()!;
    }

    private static async Task WaitForQueueAsync(HttpClient http, IReadOnlyList<string> names)
    {
        for (var i = 0; i < 300; i++)
        {
            var body = await http.GetStringAsync("api/review?status=pending&take=200");
            if (names.All(n => body.Contains(n, StringComparison.Ordinal)))
                return;
            await Task.Delay(200);
        }
        throw new TimeoutException("the uploads did not reach the review queue");
    }

    private static async Task<Dictionary<string, string>> ReviewedAsync(HttpClient http)
    {
        var page = await http.GetFromJsonAsync<JsonElement>("api/review?status=reviewed&take=200");
        return page.GetProperty("items").EnumerateArray()
            .ToDictionary(i => i.GetProperty("name").GetString()!, i => i.GetProperty("reviewedLabel").GetString()!);
    }
}
