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
        var broken = await page.EvaluateAsync<string[]>(BrokenWordsInTableCells);
        Assert.True(broken.Length == 0, $"words broken across lines inside table cells: {string.Join(", ", broken)}");
    }

    [Theory]
    [InlineData(1280, 800)]
    [InlineData(390, 844)]
    public async Task The_quiz_toolbar_buttons_line_up_and_the_heading_starts_level_with_the_demo_beside_it(int width, int height)
    {
        await using var browser = await site.NewPageAsync(width, height);
        var page = browser.Page;
        await page.GotoAsync("quiz/");
        await page.Locator(".quiz-toolbar:not([hidden])").WaitForAsync();

        // Export, Import (a label for the hidden file input) and Reset: one height, and level when on one row.
        var boxes = await page.EvaluateAsync<double[][]>("""
            [...document.querySelectorAll(".quiz-progress-actions > *")]
              .map(e => (e.querySelector("label") ?? e).getBoundingClientRect()).map(r => [r.top, r.height])
            """);
        Assert.Equal(3, boxes.Length);
        foreach (var a in boxes)
        {
            foreach (var b in boxes)
            {
                Assert.InRange(Math.Abs(a[1] - b[1]), 0, 1);
                if (Math.Abs(a[0] - b[0]) < a[1] / 2)
                    Assert.InRange(Math.Abs(a[0] - b[0]), 0, 1);
            }
        }
        if (width >= 1024) // the demo sits beside the quiz from 64rem up
        {
            var tops = await page.EvaluateAsync<double[]>("""
                [document.querySelector("main h1"), document.querySelector(".demo-column")].map(e => e.getBoundingClientRect().top)
                """);
            Assert.InRange(Math.Abs(tops[0] - tops[1]), 0, 2);
        }
    }

    /// <summary>Every run of letters and digits inside a table cell that the browser drew on more than one line.</summary>
    private const string BrokenWordsInTableCells = """
        () => {
          const broken = [];
          for (const cell of document.querySelectorAll("td, th")) {
            const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
              for (const word of node.data.matchAll(/[\p{L}\p{N}]+/gu)) {
                const range = document.createRange();
                range.setStart(node, word.index);
                range.setEnd(node, word.index + word[0].length);
                const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
                if (lines.size > 1) broken.push(word[0]);
              }
            }
          }
          return broken;
        }
        """;

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
