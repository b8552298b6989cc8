using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Classifier.Core.Model;
using Classifier.Pipeline.Deployment;
using Classifier.Pipeline.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Site.Tests.Operator;

/// <summary>
/// /review/ in Chromium while a candidate with other label names runs beside live: a shadow disagreement shows
/// both models' labels, and an item the candidate answered offers the candidate's labels, by click or key.
/// </summary>
public sealed class ReviewOfACandidateTests(OperatorSiteFixture site) : IClassFixture<OperatorSiteFixture>
{
    private static readonly ModelVersion Candidate = new("fashion-renamed", "1.0.0");
    private static readonly LocatorAssertionsToHaveCountOptions Patient = new() { Timeout = 30_000 };

    [Fact]
    public async Task A_disagreement_shows_both_labels_and_a_candidates_item_offers_the_candidates_labels()
    {
        using var http = new HttpClient { BaseAddress = site.Server.BaseAddress };
        using (var package = PackageFolder.FromBuiltIn(Candidate.Name, Candidate.Version))
        {
            package.RenameLabels(l => "my " + l);
            await new ModelVersionStore(site.Server.Blobs.GetBlobContainerClient("models"), NullLogger.Instance)
                .PublishAsync(ModelPackage.Load(package.Path), CancellationToken.None);
        }
        await ChangeAsync(http, $"{{\"action\": \"shadow\", \"candidate\": \"{Candidate}\"}}");
        var shadowed = await ReviewPageTests.UploadAsync(http, Pictures.Png(501));
        var disagreement = await QueuedAsync(http, shadowed, item => item.GetProperty("reason").GetString() == "disagreement");
        await ChangeAsync(http, "{\"action\": \"canary\", \"percent\": 100}");
        var answered = await ReviewPageTests.UploadAsync(http, Pictures.Png(502));
        await QueuedAsync(http, answered, item => item.GetProperty("model").GetProperty("name").GetString() == Candidate.Name);

        await using var browser = await site.NewPageAsync();
        var page = browser.Page;
        await page.GotoAsync("review/");
        var live = page.Locator($".review-card[data-name='{shadowed}']");
        var liveLabel = disagreement.GetProperty("label").GetString()!;
        await Expect(live.Locator(".review-disagreement")).ToHaveTextAsync(
            $"Models disagree: live {disagreement.GetProperty("model").GetProperty("name").GetString()}@review-test says {liveLabel}, candidate {Candidate} says {disagreement.GetProperty("candidateLabel").GetString()}",
            new() { Timeout = 30_000 });
        await Expect(live.Locator("button[data-label='T-shirt/top']")).ToHaveCountAsync(1);

        var candidate = page.Locator($".review-card[data-name='{answered}']");
        await Expect(candidate.Locator("button")).ToHaveCountAsync(11, Patient); // ten labels and "none"
        await Expect(candidate.Locator("button").First).ToHaveTextAsync("1 my T-shirt/top");
        await Expect(candidate.Locator("button[data-label='T-shirt/top']")).ToHaveCountAsync(0);
        await candidate.FocusAsync();
        await page.Keyboard.PressAsync("1");
        await Expect(candidate).ToHaveCountAsync(0, Patient);
        await Expect(page.Locator("#review-status")).ToContainTextAsync("my T-shirt/top");

        await live.Locator("button[data-label='Bag']").ClickAsync(); // the person decides which model was right
        await Expect(live).ToHaveCountAsync(0, Patient);
        var reviewed = await http.GetFromJsonAsync<JsonElement>("api/review?status=reviewed&take=200");
        var labels = reviewed.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("name").GetString()!, i => i.GetProperty("reviewedLabel").GetString());
        Assert.Equal("my T-shirt/top", labels[answered]);
        Assert.Equal("Bag", labels[shadowed]);
        Assert.Empty(browser.ConsoleErrors);
    }

    /// <summary>POST /api/deployment, then the runner applies the record now rather than at its next poll.</summary>
    private async Task ChangeAsync(HttpClient http, string body)
    {
        using var response = await http.PostAsync("api/deployment", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        Assert.True(await site.Runner.Services.GetRequiredService<DeploymentFollower>().RefreshAsync(CancellationToken.None));
    }


    private static async Task<JsonElement> QueuedAsync(HttpClient http, string name, Func<JsonElement, bool> ready)
    {
        for (var i = 0; i < 300; i++)
        {
            var page = await http.GetFromJsonAsync<JsonElement>("api/review?status=pending&take=200");
            foreach (var item in page.GetProperty("items").EnumerateArray())
            {
                if (item.GetProperty("name").GetString() == name && ready(item))
                    return item.Clone();
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"{name} was not queued as expected");
    }
}
