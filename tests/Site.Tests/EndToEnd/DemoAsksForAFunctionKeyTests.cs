using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Site.Tests.EndToEnd;

/// <summary>
/// A fresh deployment's demo calls key-protected routes. The Functions host's key check cannot run here, so
/// the browser stands in for it (the one fault provoked by routing): predict, uploads and predictions answer
/// 401 unless the request carries the right x-functions-key; with it, the request goes on to the real runner.
/// </summary>
public class DemoAsksForAFunctionKeyTests(LocalRunnerFixture site) : IClassFixture<LocalRunnerFixture>
{
    private const string Key = "the-right-function-key";

    private static readonly Regex KeyedRoute = new("/api/(predict|uploads|predictions)");

    [Fact]
    public async Task A_401_asks_for_the_key_once_and_the_demo_then_classifies_with_it()
    {
        await using var browser = await site.NewPageAsync();
        var page = browser.Page;
        var sent = await RequireKeyAsync(page);
        await page.GotoAsync("demo/");

        await page.GetByRole(AriaRole.Button, new() { Name = "Sneaker" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Function key needed" });
        await Expect(dialog).ToBeVisibleAsync();
        await dialog.GetByLabel("Function key").FillAsync(Key);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Use key" }).ClickAsync();

        await Expect(page.Locator("#demo-result .demo-bars li")).ToHaveCountAsync(3, new() { Timeout = 30_000 });
        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Alert)).ToBeEmptyAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Bag" }).ClickAsync();
        await Expect(page.Locator("#demo-preview")).ToHaveAttributeAsync("alt", new Regex("bag.png"));
        await Expect(page.Locator("#demo-result .demo-bars li")).ToHaveCountAsync(3, new() { Timeout = 30_000 });
        await Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
        Assert.Equal([null, Key, Key], sent);
    }

    [Fact]
    public async Task The_key_is_kept_for_the_tab_and_not_shared_with_another()
    {
        await using var browser = await site.NewPageAsync();
        var page = browser.Page;
        var sent = await RequireKeyAsync(page);
        await page.GotoAsync("demo/");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sneaker" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByLabel("Function key").FillAsync(Key);
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Use key" }).ClickAsync();
        await Expect(page.Locator("#demo-result .demo-bars li")).ToHaveCountAsync(3, new() { Timeout = 30_000 });

        await page.ReloadAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Coat" }).ClickAsync();
        await Expect(page.Locator("#demo-result .demo-bars li")).ToHaveCountAsync(3, new() { Timeout = 30_000 });
        await Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
        Assert.Equal([null, Key, Key], sent);
        Assert.Equal(Key, await page.EvaluateAsync<string>("() => sessionStorage.getItem('classifier.functionKey')"));
        Assert.Null(await page.EvaluateAsync<string?>("() => localStorage.getItem('classifier.functionKey')"));

        var otherTab = await page.Context.NewPageAsync();
        await RequireKeyAsync(otherTab);
        await otherTab.GotoAsync("demo/");
        await otherTab.GetByRole(AriaRole.Button, new() { Name = "Sneaker" }).ClickAsync();
        await Expect(otherTab.GetByRole(AriaRole.Dialog, new() { Name = "Function key needed" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Declining_to_give_a_key_says_the_api_needs_one_instead_of_a_silent_401()
    {
        await using var browser = await site.NewPageAsync();
        var page = browser.Page;
        await RequireKeyAsync(page);
        await page.GotoAsync("demo/");

        await page.GetByRole(AriaRole.Button, new() { Name = "Sneaker" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync(new Regex("^401 Unauthorized: this API needs a function key"));
        await Expect(page.Locator("#demo-result")).ToBeEmptyAsync();
        await Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_wrong_key_is_refused_and_asked_for_again()
    {
        await using var browser = await site.NewPageAsync();
        var page = browser.Page;
        var sent = await RequireKeyAsync(page);
        await page.GotoAsync("demo/");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sneaker" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);

        await dialog.GetByLabel("Function key").FillAsync("a-mistyped-key");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Use key" }).ClickAsync();
        await Expect(dialog).ToContainTextAsync("The API refused that key");
        await dialog.GetByLabel("Function key").FillAsync(Key);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Use key" }).ClickAsync();

        await Expect(page.Locator("#demo-result .demo-bars li")).ToHaveCountAsync(3, new() { Timeout = 30_000 });
        Assert.Equal([null, "a-mistyped-key", Key], sent);
    }

    [Fact]
    public async Task The_pipeline_mode_sends_the_key_with_the_upload_and_every_poll()
    {
        await using var browser = await site.NewPageAsync();
        var page = browser.Page;
        var sent = await RequireKeyAsync(page);
        await page.GotoAsync("demo/");
        await page.GetByLabel("Through blob storage").CheckAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Ankle boot" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByLabel("Function key").FillAsync(Key);
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Use key" }).ClickAsync();

        await Expect(page.Locator("#demo-result .demo-bars li")).ToHaveCountAsync(3, new() { Timeout = 90_000 });
        Assert.True(sent.Count >= 3, $"Expected the refused upload, the upload and at least one poll; saw {sent.Count}.");
        Assert.Null(sent[0]);
        Assert.All(sent.Skip(1), key => Assert.Equal(Key, key));
    }

    [Fact]
    public async Task The_review_page_asks_for_the_operator_key_and_never_sends_the_demo_key()
    {
        const string masterKey = "the-operator-master-key";
        await using var browser = await site.NewPageAsync();
        var page = browser.Page;
        var sent = new List<string?>();
        await page.RouteAsync(new Regex("/api/(review|stats)"), async route =>
        {
            var key = route.Request.Headers.TryGetValue("x-functions-key", out var value) ? value : null;
            lock (sent)
                sent.Add(key);
            if (key == masterKey)
                await route.ContinueAsync();
            else
                await route.FulfillAsync(new() { Status = 401 });
        });
        await page.GotoAsync("demo/");
        await page.EvaluateAsync($"() => sessionStorage.setItem('classifier.functionKey', '{Key}')");

        await page.GotoAsync("review/");
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Operator key needed" });
        await Expect(dialog).ToBeVisibleAsync();
        await Expect(dialog).ToContainTextAsync("--query masterKey");
        await dialog.GetByLabel("Master key").FillAsync(masterKey);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Use key" }).ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);

        Assert.Equal(masterKey, await page.EvaluateAsync<string>("() => sessionStorage.getItem('classifier.operatorKey')"));
        Assert.Equal(Key, await page.EvaluateAsync<string>("() => sessionStorage.getItem('classifier.functionKey')"));
        lock (sent)
        {
            Assert.Null(sent[0]);
            Assert.DoesNotContain(Key, sent);
            Assert.Equal(masterKey, sent[^1]);
        }
    }

    /// <summary>Answers the keyed routes 401 unless the right key comes with them; returns the keys they carried.</summary>
    private static async Task<List<string?>> RequireKeyAsync(IPage page)
    {
        var sent = new List<string?>();
        await page.RouteAsync(KeyedRoute, async route =>
        {
            var key = route.Request.Headers.TryGetValue("x-functions-key", out var value) ? value : null;
            lock (sent)
            {
                sent.Add(key);
            }
            if (key == Key)
            {
                await route.ContinueAsync();
            }
            else
            {
                await route.FulfillAsync(new() { Status = 401 });
            }
        });
        return sent;
    }
}
