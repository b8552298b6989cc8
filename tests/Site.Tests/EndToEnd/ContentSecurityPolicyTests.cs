using Microsoft.Playwright;

namespace Site.Tests.EndToEnd;

/// <summary>Every page under the runner's Content-Security-Policy in Chromium: the headers are there and nothing is refused.</summary>
public class ContentSecurityPolicyTests(LocalRunnerFixture site) : IClassFixture<LocalRunnerFixture>
{
    // Playwright's init scripts run outside the page's CSP; this one records every refusal the page causes.
    private const string RecordViolations =
        "window.__violations = []; document.addEventListener('securitypolicyviolation', " +
        "e => window.__violations.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline')));";

    [Theory]
    [InlineData("")]
    [InlineData("recap/")]
    [InlineData("quiz/")]
    [InlineData("demo/")]
    [InlineData("model/")]
    public async Task The_page_carries_the_security_headers_and_breaks_no_rule_of_its_policy(string path)
    {
        await using var browser = await site.NewPageAsync();
        var page = browser.Page;
        await page.AddInitScriptAsync(RecordViolations);

        var response = await page.GotoAsync(path, new() { WaitUntil = WaitUntilState.NetworkIdle });

        var headers = await response!.AllHeadersAsync();
        Assert.Contains("default-src 'self'", headers["content-security-policy"]);
        Assert.Contains("frame-ancestors 'none'", headers["content-security-policy"]);
        Assert.Equal("nosniff", headers["x-content-type-options"]);
        Assert.Equal("no-referrer", headers["referrer-policy"]);
        Assert.Empty(await page.EvaluateAsync<string[]>("window.__violations"));
        Assert.DoesNotContain(browser.ConsoleErrors, e => e.Contains("Content Security Policy", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_inline_script_would_be_refused()
    {
        await using var browser = await site.NewPageAsync();
        var page = browser.Page;
        await page.AddInitScriptAsync(RecordViolations);
        await page.GotoAsync("", new() { WaitUntil = WaitUntilState.NetworkIdle });

        await page.EvaluateAsync("document.body.insertAdjacentHTML('beforeend', '<img src=\"data:,\" onerror=\"window.__ran = true\" onload=\"window.__ran = true\">')");
        await page.WaitForFunctionAsync("window.__violations.length > 0");

        Assert.Contains(await page.EvaluateAsync<string[]>("window.__violations"), v => v.StartsWith("script-src", StringComparison.Ordinal));
        Assert.False(await page.EvaluateAsync<bool>("window.__ran === true"));
    }
}
