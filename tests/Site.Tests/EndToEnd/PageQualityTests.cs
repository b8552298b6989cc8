using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Site.Tests.EndToEnd;

/// <summary>Every page, at desktop and phone widths: no console errors, no serious axe findings, a screenshot.</summary>
public class PageQualityTests(LocalRunnerFixture site) : IClassFixture<LocalRunnerFixture>
{
    public static TheoryData<string, string, int, int> PagesAndWidths()
    {
        var data = new TheoryData<string, string, int, int>();
        foreach (var (path, name) in new[] { ("", "home"), ("recap/", "recap"), ("quiz/", "quiz"), ("demo/", "demo"), ("model/", "model"), ("review/", "review"), ("monitor/", "monitor") })
        {
            data.Add(path, $"{name}-desktop", 1280, 800);
            data.Add(path, $"{name}-phone", 390, 844);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(PagesAndWidths))]
    public async Task The_page_loads_cleanly_passes_axe_and_is_captured(string path, string shotName, int width, int height)
    {
        await using var browser = await site.NewPageAsync(width, height);
        var page = browser.Page;
        await page.GotoAsync(path, new() { WaitUntil = WaitUntilState.NetworkIdle });

        var axe = await page.RunAxe();
        var serious = axe.Violations
            .Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target))}")
            .ToList();

        Directory.CreateDirectory(RepoPaths.Screenshots);
        await page.ScreenshotAsync(new() { Path = Path.Combine(RepoPaths.Screenshots, $"{shotName}.png"), FullPage = true });
        Assert.True(serious.Count == 0, string.Join("\n", serious));
        Assert.True(browser.ConsoleErrors.Count == 0, string.Join("\n", browser.ConsoleErrors));
        var scrollWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= width, $"page is {scrollWidth}px wide in a {width}px window: sideways scrolling");
    }

    [Fact]
    public async Task An_answered_quiz_question_also_passes_axe_on_a_phone()
    {
        await using var browser = await site.NewPageAsync(390, 844);
        var page = browser.Page;
        await page.GotoAsync("quiz/");
        var first = page.Locator("form.quiz-question").First;
        await first.GetByRole(AriaRole.Textbox).FillAsync("an answer that mentions little");
        await first.GetByRole(AriaRole.Button, new() { Name = "Check" }).ClickAsync();
        await first.GetByRole(AriaRole.Button, new() { Name = "Not yet" }).ClickAsync();

        var axe = await page.RunAxe();

        await first.ScreenshotAsync(new() { Path = Path.Combine(RepoPaths.Screenshots, "quiz-checked-phone.png") });
        Assert.Empty(axe.Violations.Where(v => v.Impact is "serious" or "critical").Select(v => $"{v.Id}: {v.Help}"));
    }
}
