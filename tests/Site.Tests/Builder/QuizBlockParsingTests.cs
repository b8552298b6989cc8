using Markdig;
using Markdig.Syntax;
using SiteBuilder;
using SiteBuilder.Quiz;

namespace Site.Tests.Builder;

public class QuizBlockParsingTests
{
    private static List<QuizQuestionBlock> Questions(string markdown) =>
        Markdown.Parse(markdown, SitePipeline.Create()).Descendants<QuizQuestionBlock>().ToList();

    [Fact]
    public void Each_block_yields_its_number_question_answer_and_key_ideas()
    {
        var questions = Questions(FixtureSite.QuizMarkdown);

        Assert.Equal([1, 2], questions.Select(q => q.Number));
        var first = questions[0];
        Assert.Equal("What is a `DataBlock`?", first.QuestionText);
        Assert.Collection(first.Answer,
            block => Assert.IsType<ParagraphBlock>(block),
            block => Assert.True(block is ListBlock { IsOrdered: true }));
        Assert.Equal(
            [["recipe", "blueprint"], ["input and target types"], ["get items", "list the files"]],
            first.KeyIdeas.Select(idea => Assert.Single(idea.Groups).ToArray()));
    }

    [Fact]
    public void The_key_ideas_line_is_data_not_part_of_the_rendered_answer_text()
    {
        var html = Markdown.ToHtml(FixtureSite.QuizMarkdown, SitePipeline.Create());

        Assert.DoesNotContain("<p>Key ideas:", html);
        Assert.Contains("data-key-ideas=\"[[&quot;recipe&quot;,&quot;blueprint&quot;]", html);
    }

    [Fact]
    public void A_block_renders_as_a_labelled_form_with_the_answer_in_a_disclosure_widget()
    {
        var html = Markdown.ToHtml(FixtureSite.QuizMarkdown, SitePipeline.Create());

        Assert.Contains("<form class=\"quiz-question\" id=\"q1\"", html);
        Assert.Contains("<h2 id=\"q1-title\">1. What is a <code>DataBlock</code>?</h2>", html);
        Assert.Contains("<label for=\"q1-answer\">", html);
        Assert.Contains("<textarea id=\"q1-answer\"", html);
        Assert.Contains("<button type=\"submit\">Check</button>", html);
        Assert.Contains("<details class=\"quiz-reference\">\n<summary>Reference answer</summary>\n<p>A <em>recipe</em>", html);
    }

    [Fact]
    public void A_generic_custom_container_still_works_beside_quiz_blocks()
    {
        var html = Markdown.ToHtml(":::note\nJust a note.\n:::\n", SitePipeline.Create());

        Assert.Contains("<div class=\"note\">", html);
        Assert.DoesNotContain("quiz-question", html);
    }

    [Fact]
    public void The_syntax_example_in_web_readme_parses()
    {
        var readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "web", "README.md"));
        var start = readme.IndexOf(":::question", StringComparison.Ordinal);
        var example = readme[start..(readme.IndexOf("\n:::\n", start, StringComparison.Ordinal) + 5)];

        var question = Assert.Single(Questions(example));

        Assert.Equal(3, question.Number);
        Assert.Equal(["human in the loop", "human review", "manual check"], Assert.Single(question.KeyIdeas[2].Groups));
    }
}
