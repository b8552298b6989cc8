using Markdig;
using Markdig.Syntax;
using SiteBuilder;
using SiteBuilder.Quiz;

namespace Site.Tests.Builder;

/// <summary>The repository's own content/: the quiz is well formed and the built site has no broken links.</summary>
public class RealContentTests
{
    [Fact]
    public void Every_question_in_content_quiz_md_has_a_number_an_answer_and_key_ideas()
    {
        var path = Path.Combine(RepoPaths.Content, "quiz.md");
        var questions = Markdown.Parse(File.ReadAllText(path), SitePipeline.Create()).Descendants<QuizQuestionBlock>().ToList();

        Assert.NotEmpty(questions);
        Assert.Equal(questions.Select(q => q.Number).Order(), questions.Select(q => q.Number));
        Assert.All(questions, question =>
        {
            Assert.False(string.IsNullOrWhiteSpace(question.QuestionText), $"question {question.Number} has no text");
            Assert.NotEmpty(question.Answer);
            Assert.InRange(question.KeyIdeas.Count, KeyIdeasSection.MinIdeas, KeyIdeasSection.MaxIdeas);
        });
    }

    [Fact]
    public void The_site_built_from_the_real_content_has_no_broken_links()
    {
        using var fixture = new FixtureSite();
        // The real model card once the lead has written it; until then the fixture's stands in.
        var modelDir = File.Exists(Path.Combine(RepoPaths.DefaultModel, "README.md")) ? RepoPaths.DefaultModel : fixture.ModelDir;
        var options = new BuildOptions(RepoPaths.Content, modelDir, RepoPaths.SiteAssets, fixture.OutDir, BuildOptions.DefaultApiBase);

        SiteGenerator.Build(options);

        Assert.Empty(SiteCrawler.BrokenReferences(fixture.OutDir));
    }
}
