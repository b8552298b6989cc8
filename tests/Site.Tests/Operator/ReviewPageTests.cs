using System.Net.Http.Json;
using System.Text.Json;
using Classifier.Core.Inference;
using Classifier.Pipeline.Monitoring;
using Microsoft.Extensions.DependencyInjection;
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
        for (var seed = 0; seed < 3; seed++)
            uploaded.Add(await UploadAsync(http, seed));
        var outOfDomain = await StoreOutOfDomainAsync(http);
        await WaitForQueueAsync(http, [.. uploaded, outOfDomain]);

        await using var browser = await site.NewPageAsync();
        var page = browser.Page;
        await page.GotoAsync("review/");
        var cards = page.Locator(".review-card");
        await Expect(cards).ToHaveCountAsync(4, Patient);
        await Expect(cards.First.Locator("ol li")).ToHaveCountAsync(3);
        await Expect(cards.First.Locator("img")).ToHaveJSPropertyAsync("naturalWidth", 96, new() { Timeout = 10_000 });

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

    private static async Task<string> UploadAsync(HttpClient http, int seed)
    {
        using var content = new ByteArrayContent(Pictures.Png(300 + seed));
        content.Headers.ContentType = new("image/png");
        using var response = await http.PostAsync("api/uploads", content);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("name").GetString()!;
    }

    /// <summary>An out-of-domain result written as the blob step writes it (the score comes with the model's own statistics).</summary>
    private async Task<string> StoreOutOfDomainAsync(HttpClient http)
    {
        var name = await UploadAsync(http, 399);
        JsonElement stored = default;
        for (var i = 0; i < 300 && stored.ValueKind != JsonValueKind.Object; i++)
        {
            using var poll = await http.GetAsync($"api/predictions/{name}");
            if ((int)poll.StatusCode == 200)
                stored = await poll.Content.ReadFromJsonAsync<JsonElement>();
            else
                await Task.Delay(200);
        }
        var result = Prediction.FromJson(stored.GetRawText()) with { Status = PredictionStatus.OutOfDomain, OutOfDomain = new(30f, 10f) };
        await site.Runner.Services.GetRequiredService<PredictionRecorder>().RecordStoredAsync(name, result, CancellationToken.None);
        // The page reads the state from the queue; the result blob is not needed for the listing.
        return name;
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
