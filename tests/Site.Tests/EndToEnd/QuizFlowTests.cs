using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Site.Tests.EndToEnd;

/// <summary>
/// A learner working through the real quiz in Chromium: feedback per key idea, the reference answer after a
/// first Check, the pass mark and totals. Confirmations and hints are read from the page itself.
/// </summary>
public class QuizFlowTests(LocalRunnerFixture site) : IClassFixture<LocalRunnerFixture>
{
    private sealed record Idea(string Label, string? Found, string? Hint);

    private static ILocator Question(IPage page, int number) => page.Locator($"form#q{number}");

    private static async Task<Idea[]> IdeasAsync(ILocator question) =>
        JsonSerializer.Deserialize<Idea[]>((await question.GetAttributeAsync("data-key-ideas"))!,
            new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!;

    private static async Task CheckAsync(ILocator question, string answer)
    {
        await question.GetByRole(AriaRole.Textbox).FillAsync(answer);
        await question.GetByRole(AriaRole.Button, new() { Name = "Check" }).ClickAsync();
    }

    [Fact]
    public async Task Check_scores_the_answer_confirms_found_ideas_hints_at_missing_ones_and_marks_the_words()
    {
        await using var browser = await site.NewPageAsync();
        var page = browser.Page;
        await page.GotoAsync("quiz/");
        var q17 = Question(page, 17);
        var ideas = await IdeasAsync(q17);

        // Only the first of the two ideas a full answer needs: half marks, under the 70 % pass mark.
        await CheckAsync(q17, "item_tfms run on each image separately, on the CPU.");

        await Expect(q17).ToHaveAttributeAsync("data-score", "0.5");
        var feedback = q17.Locator(".quiz-feedback");
        await Expect(feedback.Locator(".quiz-summary")).ToContainTextAsync("Score 50 % (pass mark 70 %): not passed yet");
        await Expect(feedback.Locator(".idea-found")).ToHaveCountAsync(1);
        await Expect(feedback.Locator(".idea-found")).ToContainTextAsync($"Found: {ideas[0].Found}");
        await Expect(feedback.Locator(".idea-missing")).ToHaveTextAsync([$"Missing: {ideas[1].Hint}", $"Missing: {ideas[2].Hint}"]);
        await Expect(feedback.Locator(".quiz-echo mark")).ToHaveTextAsync(["item_tfms", "each image separately", "CPU"]);

        await CheckAsync(q17, "item_tfms run on each image separately on the CPU, and batch_tfms run on the whole batch on the GPU.");

        await Expect(q17).ToHaveAttributeAsync("data-score", "1");
        await Expect(feedback.Locator(".quiz-summary")).ToContainTextAsync("Score 100 % (pass mark 70 %): passed");
        await page.ReloadAsync();
        await Expect(q17).ToHaveAttributeAsync("data-score", "1");
        await Expect(q17.GetByRole(AriaRole.Textbox)).ToHaveValueAsync(new Regex("^item_tfms run"));
        Assert.Empty(browser.ConsoleErrors);
    }

    [Fact]
    public async Task Swapped_or_negated_ideas_and_misconceptions_earn_nothing_and_the_feedback_says_why()
    {
        await using var browser = await site.NewPageAsync();
        var page = browser.Page;
        await page.GotoAsync("quiz/");
        var q17 = Question(page, 17);
        var q19 = Question(page, 19);

        await CheckAsync(q17, "item_tfms run on the whole batch on the GPU, and batch_tfms run on each item on the CPU.");
        await CheckAsync(q19, "It does not save the architecture, only the weights and the training images.");

        await Expect(q17).ToHaveAttributeAsync("data-score", "0");
        // The swap is one of question 17's listed misconceptions: its own feedback says what is wrong.
        await Expect(q17.Locator(".idea-wrong")).ToHaveCountAsync(2);
        await Expect(q17.Locator(".idea-wrong").First).ToContainTextAsync("Misconception (“item_tfms … whole batch … GPU”), so no credit: The other way round: item_tfms work on each item on the CPU");
        await Expect(q17.Locator(".quiz-echo mark.negated").First).ToHaveTextAsync("item_tfms");
        await Expect(q19).ToHaveAttributeAsync("data-score", "0");
        await Expect(q19.Locator(".idea-negated")).ToHaveCountAsync(2);
        await Expect(q19.Locator(".idea-negated").First).ToContainTextAsync("negated (“architecture”), so not credited");
        await Expect(q19.Locator(".quiz-echo mark.negated").First).ToHaveTextAsync("architecture");
        Assert.Empty(browser.ConsoleErrors);
    }

    [Fact]
    public async Task The_reference_answer_opens_after_the_first_check_or_when_asked_for()
    {
        await using var browser = await site.NewPageAsync();
        var page = browser.Page;
        await page.GotoAsync("quiz/");
        var q1 = Question(page, 1);
        var q2 = Question(page, 2);
        var peek = q2.GetByRole(AriaRole.Button, new() { Name = "Show the reference answer anyway" });

        await Expect(q1.Locator("details")).ToBeHiddenAsync();
        await Expect(q2.Locator("details")).ToBeHiddenAsync();

        await CheckAsync(q1, "A black and white photo.");
        await peek.ClickAsync();

        await Expect(q1.Locator("details")).ToHaveAttributeAsync("open", "");
        await Expect(q1.Locator("details > :not(summary)").First).ToBeVisibleAsync();
        await Expect(q2.Locator("details > :not(summary)").First).ToBeVisibleAsync();
        await Expect(peek).ToBeHiddenAsync();
        await Expect(q1.GetByRole(AriaRole.Button, new() { Name = "Show the reference answer anyway" })).ToBeHiddenAsync();
        Assert.Empty(browser.ConsoleErrors);
    }

    [Fact]
    public async Task A_pass_mark_set_in_the_markdown_decides_and_the_totals_count_passed_attempted_and_not_started()
    {
        await using var browser = await site.NewPageAsync();
        var page = browser.Page;
        await page.GotoAsync("quiz/");
        var total = await page.Locator("form.quiz-question").CountAsync();
        var q13 = Question(page, 13);
        var totals = page.Locator("#quiz-score");
        await Expect(totals).ToHaveTextAsync($"{total} questions: passed 0 · attempted 0 · not started {total} · due today 0");

        await CheckAsync(q13, "Set the random seed so the split is the same every time.");
        await CheckAsync(Question(page, 14), "y is the independent variable and x is the dependent one.");

        var pass = double.Parse((await q13.GetAttributeAsync("data-pass"))!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(0.7, pass);
        await Expect(totals).ToHaveTextAsync($"{total} questions: passed 1 · attempted 2 · not started {total - 2} · due today 0");
        await Expect(q13).ToHaveAttributeAsync("data-passed", "true");
        await Expect(Question(page, 14)).ToHaveAttributeAsync("data-passed", "false");
        Assert.Empty(browser.ConsoleErrors);
    }

    [Fact]
    public async Task The_quiz_works_from_the_keyboard_alone()
    {
        await using var browser = await site.NewPageAsync();
        var page = browser.Page;
        await page.GotoAsync("quiz/");
        var first = Question(page, 1);

        await first.GetByRole(AriaRole.Textbox).FocusAsync();
        await page.Keyboard.TypeAsync("typed from the keyboard");
        await page.Keyboard.PressAsync("Tab");   // to Check
        await page.Keyboard.PressAsync("Enter");
        await Expect(first.Locator(".quiz-feedback")).ToContainTextAsync("key ideas");
        await page.Keyboard.PressAsync("Tab");   // to Got it
        await page.Keyboard.PressAsync("Space");

        await Expect(first.GetByRole(AriaRole.Button, new() { Name = "Got it" })).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(first.Locator(".quiz-feedback")).ToHaveAttributeAsync("aria-live", "polite");

        // In the answer box, Enter is a new line and Ctrl+Enter checks.
        var second = Question(page, 2);
        await second.GetByRole(AriaRole.Textbox).FocusAsync();
        await page.Keyboard.TypeAsync("line one");
        await page.Keyboard.PressAsync("Enter");
        await page.Keyboard.TypeAsync("line two");
        await page.Keyboard.PressAsync("Control+Enter");
        await Expect(second.GetByRole(AriaRole.Textbox)).ToHaveValueAsync("line one\nline two");
        await Expect(second.Locator(".quiz-feedback")).ToContainTextAsync("key ideas");
    }

    [Fact]
    public async Task Without_javascript_the_reference_answer_still_opens_as_a_disclosure_widget()
    {
        await using var browser = await site.NewPageAsync(javaScript: false);
        var page = browser.Page;
        await page.GotoAsync("quiz/");
        var first = Question(page, 1);
        var answer = first.Locator("details > :not(summary)").First;

        await Expect(answer).ToBeHiddenAsync();
        await first.Locator("summary").ClickAsync();

        await Expect(answer).ToBeVisibleAsync();
        // Controls that need the script stay out of the way.
        await Expect(first.GetByRole(AriaRole.Button, new() { Name = "Check" })).ToBeHiddenAsync();
        await Expect(page.Locator(".quiz-toolbar")).ToBeHiddenAsync();
    }
}
