using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Classifier.Core.Model;
using Classifier.Pipeline.Model;
using Microsoft.Extensions.Logging.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Site.Tests.Operator;

/// <summary>
/// /monitor/ in Chromium with a deployment in progress: a candidate (the built-in network under another name) shadows
/// live on real uploads, goes to canary and is promoted past the gate; the page draws both versions side by side
/// and marks each change on the day axis at its moment.
/// </summary>
public sealed class MonitorVersionsPageTests(OperatorSiteFixture site) : IClassFixture<OperatorSiteFixture>
{
    private const string Twin = "fashion-twin@1.0.0";
    private static readonly string Live = $"{OperatorSiteFixture.Classifier.Info.Name}@{OperatorSiteFixture.Classifier.Info.Version}";

    [Fact]
    public async Task Live_and_candidate_are_drawn_side_by_side_with_each_change_of_the_record_marked()
    {
        using var package = PackageFolder.FromBuiltIn("fashion-twin", "1.0.0");
        await new ModelVersionStore(site.Server.Blobs.GetBlobContainerClient("models"), NullLogger.Instance).PublishAsync(ModelPackage.Load(package.Path), CancellationToken.None);
        using var http = new HttpClient { BaseAddress = site.Server.BaseAddress };
        await ChangeAsync(http, $"{{\"action\": \"shadow\", \"candidate\": \"{Twin}\", \"by\": \"monitor test\"}}");
        var pictures = Enumerable.Range(800, 3).Select(seed => Pictures.Png(seed)).ToList();
        foreach (var picture in pictures)
            await UploadAsync(http, picture);
        // The twin is the same network, served as its package gives it (full precision): on pictures unlike any
        // clothing it may still pick another label than live's int8 model. Count the agreements here.
        using var twin = Classifier.Core.Inference.ImageClassifier.Load(ModelPackage.Load(package.Path));
        var agreed = 0;
        foreach (var picture in pictures)
            agreed += (await twin.ClassifyAsync(picture)).Label == (await OperatorSiteFixture.Classifier.ClassifyAsync(picture)).Label ? 1 : 0;
        await WaitAsync(async () => (await http.GetFromJsonAsync<JsonElement>("api/deployment")).GetProperty("comparison").GetProperty("scored").GetInt64() >= 3);
        await ChangeAsync(http, "{\"action\": \"canary\", \"percent\": 50, \"by\": \"monitor test\"}");
        await ChangeAsync(http, "{\"action\": \"promote\", \"force\": true, \"by\": \"monitor test\"}");

        await using var browser = await site.NewPageAsync();
        var page = browser.Page;
        await page.GotoAsync("monitor/");
        var rows = page.Locator("#versions-summary table.versions tbody tr");
        await Expect(rows).ToHaveCountAsync(2, new() { Timeout = 30_000 });
        await Expect(rows.Nth(0)).ToHaveAttributeAsync("data-version", Twin);
        await Expect(rows.Nth(0).Locator("td").Nth(1)).ToHaveTextAsync("live");
        await Expect(rows.Nth(0).Locator("td").Nth(3)).ToHaveTextAsync("3"); // scored in shadow
        await Expect(rows.Nth(1)).ToHaveAttributeAsync("data-version", Live);
        await Expect(rows.Nth(1).Locator("td").Nth(1)).ToHaveTextAsync("previous");

        var agreement = page.Locator($"#chart-agreement svg circle[data-series='agreement {Twin}'] title");
        await Expect(agreement).ToHaveCountAsync(1);
        await Expect(agreement).ToContainTextAsync($"agreed with live on {(100.0 * agreed / 3).ToString("0.0", CultureInfo.InvariantCulture)} % of 3");
        foreach (var version in new[] { Twin, Live })
        {
            await Expect(page.Locator($"#chart-version-rates svg polyline[data-series='{version} uncertain']")).ToHaveCountAsync(1);
            await Expect(page.Locator($"#chart-version-rates svg polyline[data-series='{version} out-of-domain']")).ToHaveCountAsync(1);
            Assert.True(await page.Locator($"#chart-version-labels svg rect.mix-segment[data-version='{version}']").CountAsync() > 0, $"no label bar for {version}");
        }

        // Each change is a vertical line inside today's slot of the axis, in the order they were made.
        foreach (var chart in new[] { "#chart-agreement", "#chart-version-rates", "#chart-version-labels", "#chart-labels", "#chart-rates" })
        {
            var marks = await page.EvaluateAsync<JsonElement>($$"""
                (() => {
                  const svg = document.querySelector("{{chart}} svg");
                  const axis = [...svg.querySelectorAll("line.axis")].find(l => l.getAttribute("y1") === l.getAttribute("y2"));
                  return [...svg.querySelectorAll("line.mark")].map(m => ({ action: m.dataset.action, x: +m.getAttribute("x1"),
                    left: +axis.getAttribute("x1"), right: +axis.getAttribute("x2"), title: m.querySelector("title").textContent }));
                })()
                """);
            var drawn = marks.EnumerateArray().ToList();
            Assert.Equal(new[] { "shadow", "canary", "promote" }, drawn.Select(m => m.GetProperty("action").GetString()));
            var days = 14; // the page's default window
            foreach (var mark in drawn)
            {
                var left = mark.GetProperty("left").GetDouble();
                var step = (mark.GetProperty("right").GetDouble() - 8 - left) / days;
                Assert.InRange(mark.GetProperty("x").GetDouble(), left + step * (days - 1), left + step * days);
            }
            var xs = drawn.Select(m => m.GetProperty("x").GetDouble()).ToList();
            Assert.Equal(xs.Order(), xs);
            Assert.Contains($"promote: live {Twin}, by monitor test (gate overridden)", drawn[2].GetProperty("title").GetString());
            Assert.Contains(DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), drawn[2].GetProperty("title").GetString());
        }
        Assert.Empty(browser.ConsoleErrors);
    }

    private static async Task ChangeAsync(HttpClient http, string json)
    {
        using var response = await http.PostAsync("api/deployment", new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Uploads the picture (<see cref="ReviewPageTests.UploadAsync"/>) and waits for its prediction.</summary>
    private static async Task UploadAsync(HttpClient http, byte[] image)
    {
        var name = await ReviewPageTests.UploadAsync(http, image);
        await WaitAsync(async () =>
        {
            using var poll = await http.GetAsync($"api/predictions/{name}");
            return poll.IsSuccessStatusCode;
        });
    }

    private static async Task WaitAsync(Func<Task<bool>> done)
    {
        // Generous: the blob trigger and the shadow scoring run in the background of a machine other tests share.
        var deadline = DateTime.UtcNow.AddSeconds(180);
        while (!await done())
        {
            Assert.True(DateTime.UtcNow < deadline, "not done within 180 s");
            await Task.Delay(200);
        }
    }
}
