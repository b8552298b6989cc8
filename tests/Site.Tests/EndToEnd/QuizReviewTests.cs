using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Site.Tests.EndToEnd;

/// <summary>
/// Spaced review in Chromium with the browser's clock set by the test: Leitner scheduling after the self-grade,
/// "due today", the Review due filter, export and import of progress as a file, and a reset that asks first.
/// </summary>
public class QuizReviewTests(LocalRunnerFixture site) : IClassFixture<LocalRunnerFixture>
{
    private static readonly DateTime Monday = new(2026, 3, 2, 12, 0, 0);

    private static ILocator Question(IPage page, int number) => page.Locator($"form#q{number}");

    private static async Task CheckAndGradeAsync(IPage page, int number, string answer, string grade)
    {
        var question = Question(page, number);
        await question.GetByRole(AriaRole.Textbox).FillAsync(answer);
        await question.GetByRole(AriaRole.Button, new() { Name = "Check" }).ClickAsync();
        await question.GetByRole(AriaRole.Button, new() { Name = grade }).ClickAsync();
    }

    [Fact]
    public async Task Self_grades_schedule_leitner_reviews_and_the_filter_shows_what_is_due()
    {
        await using var browser = await site.NewPageAsync();
        var page = browser.Page;
        await page.Clock.SetFixedTimeAsync(Monday);
        await page.GotoAsync("quiz/");
        var total = await page.Locator("form.quiz-question").CountAsync();

        await CheckAndGradeAsync(page, 1, "A black and white photo or a drawing of a bear.", "Got it");
        await CheckAndGradeAsync(page, 2, "No idea.", "Not yet");

        await Expect(Question(page, 1).Locator(".quiz-schedule")).ToHaveTextAsync("Next review: 2026-03-04 (Leitner box 2).");
        await Expect(Question(page, 2).Locator(".quiz-schedule")).ToHaveTextAsync("Next review: 2026-03-03 (Leitner box 1).");
        await Expect(Question(page, 3).Locator(".quiz-schedule")).ToBeEmptyAsync();

        // Tuesday: question 2 is due, question 1 is not.
        await page.Clock.SetFixedTimeAsync(Monday.AddDays(1));
        await page.ReloadAsync();
        await Expect(Question(page, 2).Locator(".quiz-schedule")).ToHaveTextAsync("Due today (Leitner box 1).");
        await Expect(page.Locator("#quiz-score")).ToContainTextAsync("due today 1");
        await page.GetByLabel("Review due: show only questions due today").CheckAsync();

        await Expect(page.Locator("form.quiz-question:visible")).ToHaveCountAsync(1);
        await Expect(Question(page, 2)).ToBeVisibleAsync();

        // Got it on a box-1 question moves it to box 2: two days on.
        await Question(page, 2).GetByRole(AriaRole.Button, new() { Name = "Got it" }).ClickAsync();
        await Expect(Question(page, 2).Locator(".quiz-schedule")).ToHaveTextAsync("Next review: 2026-03-05 (Leitner box 2).");
        await page.GetByLabel("Review due: show only questions due today").UncheckAsync();
        await page.GetByLabel("Review due: show only questions due today").CheckAsync();
        await Expect(page.GetByText("Nothing is due for review today.")).ToBeVisibleAsync();

        // Thursday: both are due again.
        await page.Clock.SetFixedTimeAsync(Monday.AddDays(3));
        await page.ReloadAsync();
        await Expect(page.Locator("#quiz-score")).ToHaveTextAsync($"{total} questions: passed 1 · attempted 2 · not started {total - 2} · due today 2");
        Assert.Empty(browser.ConsoleErrors);
    }

    [Fact]
    public async Task Progress_exported_as_a_file_imports_into_a_fresh_browser()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("quiz-export-").FullName, "progress.json");
        try
        {
            await using (var first = await site.NewPageAsync())
            {
                await first.Page.GotoAsync("quiz/");
                await CheckAndGradeAsync(first.Page, 13, "Fix the random seed so the validation set is the same every run.", "Got it");
                var download = await first.Page.RunAndWaitForDownloadAsync(() =>
                    first.Page.GetByRole(AriaRole.Button, new() { Name = "Export progress" }).ClickAsync());
                await download.SaveAsAsync(file);
                Assert.Empty(first.ConsoleErrors);
            }
            using (var exported = JsonDocument.Parse(await File.ReadAllTextAsync(file)))
            {
                var q13 = exported.RootElement.GetProperty("questions").GetProperty("13");
                Assert.Equal("got", q13.GetProperty("grade").GetString());
                Assert.Equal(1, q13.GetProperty("score").GetDouble());
            }

            await using var second = await site.NewPageAsync();
            var page = second.Page;
            await page.GotoAsync("quiz/");
            await Expect(Question(page, 13).GetByRole(AriaRole.Textbox)).ToHaveValueAsync("");
            await page.Locator("#quiz-import").SetInputFilesAsync(file);

            await Expect(page.Locator("#quiz-status")).ToHaveTextAsync("Progress imported from progress.json.");
            await Expect(Question(page, 13).GetByRole(AriaRole.Textbox)).ToHaveValueAsync("Fix the random seed so the validation set is the same every run.");
            await Expect(Question(page, 13).GetByRole(AriaRole.Button, new() { Name = "Got it" })).ToHaveAttributeAsync("aria-pressed", "true");
            await Expect(Question(page, 13)).ToHaveAttributeAsync("data-score", "1");
            await page.ReloadAsync();
            await Expect(Question(page, 13).GetByRole(AriaRole.Textbox)).ToHaveValueAsync("Fix the random seed so the validation set is the same every run.");
            Assert.Empty(second.ConsoleErrors);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
        }
    }

    [Fact]
    public async Task A_file_that_is_not_an_export_is_refused_with_a_message_and_changes_nothing()
    {
        await using var browser = await site.NewPageAsync();
        var page = browser.Page;
        await page.GotoAsync("quiz/");
        await CheckAndGradeAsync(page, 1, "kept answer", "Not yet");

        await page.Locator("#quiz-import").SetInputFilesAsync(new FilePayload
        {
            Name = "notes.json",
            MimeType = "application/json",
            Buffer = "{\"hello\": 1}"u8.ToArray(),
        });

        await Expect(page.Locator("#quiz-status")).ToHaveTextAsync("That file is not a quiz progress export. Choose a file saved with Export progress.");
        await Expect(Question(page, 1).GetByRole(AriaRole.Textbox)).ToHaveValueAsync("kept answer");
        Assert.Empty(browser.ConsoleErrors);
    }

    [Fact]
    public async Task Reset_asks_first_and_clears_answers_grades_and_review_dates_only_when_confirmed()
    {
        await using var browser = await site.NewPageAsync();
        var page = browser.Page;
        await page.GotoAsync("quiz/");
        var first = Question(page, 1);
        await CheckAndGradeAsync(page, 1, "Something", "Got it");
        var reset = page.GetByRole(AriaRole.Button, new() { Name = "Reset my answers" });

        var asked = new List<string>();
        void Dismiss(object? _, IDialog dialog) { asked.Add(dialog.Message); _ = dialog.DismissAsync(); }
        page.Dialog += Dismiss;
        await reset.ClickAsync();
        await Expect(first.GetByRole(AriaRole.Textbox)).ToHaveValueAsync("Something");
        page.Dialog -= Dismiss;

        page.Dialog += (_, dialog) => _ = dialog.AcceptAsync();
        await reset.ClickAsync();

        Assert.Equal(["Clear all your answers, grades and review dates on this page?"], asked);
        await Expect(first.GetByRole(AriaRole.Textbox)).ToHaveValueAsync("");
        await Expect(first.Locator(".quiz-schedule")).ToBeEmptyAsync();
        await Expect(first.Locator("details")).ToBeHiddenAsync();
        await page.ReloadAsync();
        await Expect(first.GetByRole(AriaRole.Textbox)).ToHaveValueAsync("");
        Assert.Empty(browser.ConsoleErrors);
    }
}
