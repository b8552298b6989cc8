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
        Assert.Contains("data-key-ideas=\"[{&quot;label&quot;:&quot;recipe / blueprint&quot;,&quot;groups&quot;:[[&quot;recipe&quot;,&quot;blueprint&quot;]]", html);
        Assert.Contains("data-need=\"3\" data-pass=\"0.7\"", html);
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

    private const string ListedIdeas = """
        :::question
        ## 14. What letters stand for the independent and dependent variables?

        `x` for the independent variable, `y` for the dependent one.

        Key ideas (any 1, pass 50 %, in order):

        - x & (independent / input*)
          - Found: x is the independent variable.
          - Hint: Which letter is the input?
        - y & (dependent / label / target) & not guess*
        :::
        """;

    [Fact]
    public void Listed_key_ideas_carry_relations_denials_notes_and_settings()
    {
        var question = Assert.Single(Questions(ListedIdeas));

        Assert.Equal(new KeyIdeaSettings(1, 0.5, (1, 2)), question.Settings);
        Assert.Collection(question.KeyIdeas,
            idea =>
            {
                Assert.Equal("x & (independent / input*)", idea.Expression);
                Assert.Equal([["x"], ["independent", "input*"]], idea.Groups.Select(g => g.ToArray()));
                Assert.Equal("x is the independent variable.", idea.Found);
                Assert.Equal("Which letter is the input?", idea.Hint);
            },
            idea =>
            {
                Assert.Equal([["y"], ["dependent", "label", "target"], ["not guess*"]], idea.Groups.Select(g => g.ToArray()));
                Assert.Null(idea.Found);
                Assert.Null(idea.Hint);
            });
        // The list is data: it is not rendered as part of the reference answer; the confirmations are listed instead.
        Assert.Collection(question.Answer, block => Assert.IsType<ParagraphBlock>(block));
        var html = Markdown.ToHtml(ListedIdeas, SitePipeline.Create());
        Assert.Contains("<ul class=\"quiz-key-ideas\">\n<li>x is the independent variable.</li>\n<li>y &amp; (dependent / label / target) &amp; not guess*</li>\n</ul>", html);
        Assert.Contains("data-need=\"1\" data-pass=\"0.5\" data-order=\"1-2\"", html);
    }

    [Fact]
    public void The_syntax_example_in_web_readme_parses()
    {
        var readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "web", "README.md"));
        var start = readme.IndexOf(":::question", StringComparison.Ordinal);
        var example = readme[start..(readme.IndexOf("\n:::\n", start, StringComparison.Ordinal) + 5)];

        var question = Assert.Single(Questions(example));

        Assert.Equal(17, question.Number);
        Assert.Equal(new KeyIdeaSettings(2, 0.7), question.Settings);
        Assert.Equal(3, question.KeyIdeas.Count);
        Assert.Equal(["item_tfms", "item transform*"], question.KeyIdeas[0].Groups[0]);
        Assert.All(question.KeyIdeas, idea => Assert.NotNull(idea.Hint));
    }
}
