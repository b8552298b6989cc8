using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Site.Tests.EndToEnd;

/// <summary>
/// A learner working through the quiz in Chromium. Reads the key ideas from the page itself,
/// so the flow holds whatever the questions in content/quiz.md say.
/// </summary>
public class QuizFlowTests(LocalRunnerFixture site) : IClassFixture<LocalRunnerFixture>
{
    private static ILocator Question(IPage page, int index) => page.Locator("form.quiz-question").Nth(index);

    private static async Task<string[][]> KeyIdeasAsync(ILocator question) =>
        JsonSerializer.Deserialize<string[][]>((await question.GetAttributeAsync("data-key-ideas"))!)!;

    [Fact]
    public async Task Checking_an_answer_marks_found_ideas_lists_missing_ones_and_progress_survives_a_reload()
    {
        await using var browser = await site.NewPageAsync();
        var page = browser.Page;
        await page.GotoAsync("quiz/");
        var total = await page.Locator("form.quiz-question").CountAsync();
        var first = Question(page, 0);
        var ideas = await KeyIdeasAsync(first);

        // Mention only the first key idea, in its first phrasing.
        await first.GetByRole(AriaRole.Textbox).FillAsync($"I think it is about {ideas[0][0]}.");
        await first.GetByRole(AriaRole.Button, new() { Name = "Check" }).ClickAsync();

        await Expect(first.Locator("details")).ToHaveAttributeAsync("open", "");
        var feedback = first.Locator(".quiz-feedback");
        await Expect(feedback).ToContainTextAsync($"mentions 1 of {ideas.Length} key ideas");
        await Expect(feedback.Locator(".idea-found")).ToHaveTextAsync($"Found: {string.Join(" / ", ideas[0])}");
        await Expect(feedback.Locator(".idea-missing")).ToHaveCountAsync(ideas.Length - 1);
        await Expect(feedback.Locator(".idea-missing").First).ToHaveTextAsync($"Missing: {string.Join(" / ", ideas[1])}");

        await first.GetByRole(AriaRole.Button, new() { Name = "Got it" }).ClickAsync();
        var second = Question(page, 1);
        await second.GetByRole(AriaRole.Textbox).FillAsync("No idea yet.");
        await second.GetByRole(AriaRole.Button, new() { Name = "Check" }).ClickAsync();
        await second.GetByRole(AriaRole.Button, new() { Name = "Not yet" }).ClickAsync();
        var score = page.Locator("#quiz-score");
        await Expect(score).ToHaveTextAsync($"Got 1 of {total} · not yet: 1 · still to try: {total - 2}");

        await page.ReloadAsync();

        await Expect(score).ToHaveTextAsync($"Got 1 of {total} · not yet: 1 · still to try: {total - 2}");
        await Expect(first.GetByRole(AriaRole.Textbox)).ToHaveValueAsync($"I think it is about {ideas[0][0]}.");
        await Expect(first.Locator(".idea-found")).ToHaveCountAsync(1);
        await Expect(first.GetByRole(AriaRole.Button, new() { Name = "Got it" })).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(second.GetByRole(AriaRole.Button, new() { Name = "Not yet" })).ToHaveAttributeAsync("aria-pressed", "true");
        Assert.Empty(browser.ConsoleErrors);
    }

    [Fact]
    public async Task The_not_yet_filter_hides_questions_already_got_and_reset_clears_everything()
    {
        await using var browser = await site.NewPageAsync();
        var page = browser.Page;
        await page.GotoAsync("quiz/");
        var first = Question(page, 0);
        var second = Question(page, 1);
        await first.GetByRole(AriaRole.Textbox).FillAsync("Something");
        await first.GetByRole(AriaRole.Button, new() { Name = "Check" }).ClickAsync();
        await first.GetByRole(AriaRole.Button, new() { Name = "Got it" }).ClickAsync();

        await page.GetByLabel("Show only questions not yet got").CheckAsync();

        await Expect(first).ToBeHiddenAsync();
        await Expect(second).ToBeVisibleAsync();

        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Reset my answers" }).ClickAsync();

        await Expect(first).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Show only questions not yet got")).Not.ToBeCheckedAsync();
        await Expect(first.GetByRole(AriaRole.Textbox)).ToHaveValueAsync("");
        await Expect(page.Locator("#quiz-score")).ToHaveTextAsync(new Regex("^Got 0 of"));
        await page.ReloadAsync();
        await Expect(first.GetByRole(AriaRole.Textbox)).ToHaveValueAsync("");
        Assert.Empty(browser.ConsoleErrors);
    }

    [Fact]
    public async Task The_quiz_works_from_the_keyboard_alone()
    {
        await using var browser = await site.NewPageAsync();
        var page = browser.Page;
        await page.GotoAsync("quiz/");
        var first = Question(page, 0);

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
        var second = Question(page, 1);
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
        var first = Question(page, 0);
        var answer = first.Locator("details > :not(summary)").First;

        await Expect(answer).ToBeHiddenAsync();
        await first.GetByText("Reference answer").ClickAsync();

        await Expect(answer).ToBeVisibleAsync();
        // Controls that need the script stay out of the way.
        await Expect(first.GetByRole(AriaRole.Button, new() { Name = "Check" })).ToBeHiddenAsync();
        await Expect(page.Locator(".quiz-toolbar")).ToBeHiddenAsync();
    }
}
