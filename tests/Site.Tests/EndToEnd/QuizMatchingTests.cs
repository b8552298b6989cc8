namespace Site.Tests.EndToEnd;

/// <summary>The answer matcher (quiz-matching.js), run as the browser runs it.</summary>
public class QuizMatchingTests(LocalRunnerFixture site) : IClassFixture<LocalRunnerFixture>
{
    private async Task<bool> FoundAsync(string answer, params string[] alternatives)
    {
        await using var browser = await site.NewPageAsync();
        await browser.Page.GotoAsync("quiz/");
        var result = await browser.Page.EvaluateAsync<int[]>(
            "async ([answer, alternatives]) => (await import('../assets/quiz-matching.js')).findKeyIdeas(answer, [alternatives]).found",
            new object[] { answer, alternatives });
        return result.Length == 1;
    }

    [Theory]
    [InlineData("The model overfits when it memorises.", "overfitting")]
    [InlineData("Images were LABELLED by hand!", "labelling images")]
    [InlineData("keep a human-in-the-loop", "human in the loop")]
    [InlineData("a person reviews it", "human in the loop", "human review", "person review")]
    [InlineData("it squishes, crops or pads the pictures", "squish crop pad")]
    [InlineData("ResNet weights and the architecture", "architecture and weights and the vocab")]
    public async Task An_idea_is_found_in_other_word_forms_or_any_of_its_phrasings(string answer, params string[] alternatives) =>
        Assert.True(await FoundAsync(answer, alternatives));

    [Theory]
    [InlineData("It is a neural network.", "overfitting")]
    [InlineData("the loop", "human in the loop")]
    [InlineData("weights only", "architecture and weights and the vocab")]
    public async Task An_idea_is_missing_when_its_significant_words_are_not_there(string answer, params string[] alternatives) =>
        Assert.False(await FoundAsync(answer, alternatives));
}
