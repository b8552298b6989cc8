using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using static Microsoft.Playwright.Assertions;

namespace Site.Tests.Operator;

/// <summary>The /monitor/ page in Chromium: today's real predictions drawn as inline SVG, drift against its alert line.</summary>
public sealed class MonitorPageTests(OperatorSiteFixture site) : IClassFixture<OperatorSiteFixture>
{
    [Fact]
    public async Task Todays_predictions_are_drawn_as_label_bars_rate_lines_and_drift_with_its_alert_line()
    {
        using var http = new HttpClient { BaseAddress = site.Server.BaseAddress };
        var labels = new List<string>();
        var statuses = new List<string>();
        for (var seed = 0; seed < 4; seed++)
        {
            using var content = new ByteArrayContent(Pictures.Png(500 + seed));
            content.Headers.ContentType = new("image/png");
            using var response = await http.PostAsync("api/predict", content);
            response.EnsureSuccessStatusCode();
            var prediction = await response.Content.ReadFromJsonAsync<JsonElement>();
            labels.Add(prediction.GetProperty("label").GetString()!);
            statuses.Add(prediction.GetProperty("status").GetString()!);
        }

        await using var browser = await site.NewPageAsync();
        var page = browser.Page;
        await page.GotoAsync("monitor/");
        await Expect(page.Locator("#monitor-status")).ToContainTextAsync("4 predictions", new() { Timeout = 30_000 });

        // One stacked segment per label seen today, each with a tooltip naming it, drawn as tall as its share of
        // the day's predictions (measured on screen against the vertical axis), together filling the axis.
        var counts = labels.GroupBy(l => l).ToDictionary(g => g.Key, g => g.Count());
        var bars = page.Locator("#chart-labels svg rect.mix-segment");
        await Expect(bars).ToHaveCountAsync(counts.Count);
        foreach (var label in counts.Keys)
            await Expect(page.Locator("#chart-labels svg rect.mix-segment title", new() { HasTextRegex = new Regex($@"^\S+ {Regex.Escape(label)}: ") })).ToHaveCountAsync(1);
        await Expect(page.Locator("#chart-labels .legend li")).ToHaveCountAsync(counts.Count);
        var measured = await page.EvaluateAsync<JsonElement>("""
            (() => {
              const axis = [...document.querySelectorAll("#chart-labels svg line.axis")].find(l => l.getAttribute("x1") === l.getAttribute("x2"));
              const full = axis.getBoundingClientRect().height;
              return [...document.querySelectorAll("#chart-labels svg rect.mix-segment")]
                .map(r => ({ title: r.querySelector("title").textContent, share: r.getBoundingClientRect().height / full }));
            })()
            """);
        var drawn = measured.EnumerateArray().Select(d => (Title: d.GetProperty("title").GetString()!, Share: d.GetProperty("share").GetDouble())).ToList();
        foreach (var (label, count) in counts)
        {
            var segment = Assert.Single(drawn, d => Regex.IsMatch(d.Title, $@"^\S+ {Regex.Escape(label)}: "));
            Assert.InRange(segment.Share, (count / 4.0) - 0.01, (count / 4.0) + 0.01);
        }
        Assert.InRange(drawn.Sum(d => d.Share), 0.99, 1.01);

        // No picture was confident (the fixture's bar is above 1; drawn shapes are also unlike clothing): each
        // rate line sits at the share of today's predictions with its status.
        Assert.DoesNotContain("confident", statuses);
        foreach (var status in new[] { "uncertain", "out-of-domain" })
        {
            var share = 100.0 * statuses.Count(s => s == status) / statuses.Count;
            await Expect(page.Locator($"#chart-rates svg polyline[data-series={status}]")).ToHaveCountAsync(1);
            await Expect(page.Locator($"#chart-rates svg circle[data-series={status}] title").Last)
                .ToContainTextAsync(share.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + " %");
        }

        await Expect(page.Locator("#chart-drift svg line.alert")).ToHaveCountAsync(1);
        await Expect(page.Locator("#chart-drift svg polyline[data-series=psi]")).ToHaveCountAsync(1);
        await Expect(page.Locator("#chart-drift svg circle")).ToHaveCountAsync(1); // one day with predictions
        Assert.Equal(0, await page.Locator("script:not([src])").CountAsync()); // no inline script
        Assert.Empty(browser.ConsoleErrors);
    }
}
