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

    private const string WithMisconceptions = """
        :::question
        ## 17. What is the difference between item_tfms and batch_tfms?

        item_tfms work on each item, batch_tfms on a whole batch on the GPU.

        Key ideas: item_tfms & (each item / cpu); batch_tfms & (whole batch / gpu)

        Wrong if:

        - item_tfms & (gpu / whole batch)
          - Feedback: The other way round: item_tfms work on each item.
        - not gpu
          - Feedback: batch_tfms usually do run on the GPU.
        :::
        """;

    [Fact]
    public void A_wrong_if_list_after_the_key_ideas_yields_misconceptions_with_their_feedback_as_data()
    {
        var question = Assert.Single(Questions(WithMisconceptions));

        Assert.Equal(2, question.KeyIdeas.Count);
        Assert.Collection(question.Misconceptions,
            wrong =>
            {
                Assert.Equal("item_tfms & (gpu / whole batch)", wrong.Expression);
                Assert.Equal([["item_tfms"], ["gpu", "whole batch"]], wrong.Groups.Select(g => g.ToArray()));
                Assert.Equal("The other way round: item_tfms work on each item.", wrong.Feedback);
            },
            wrong => Assert.Equal([["not gpu"]], wrong.Groups.Select(g => g.ToArray())));
        Assert.Collection(question.Answer, block => Assert.IsType<ParagraphBlock>(block));
        var html = Markdown.ToHtml(WithMisconceptions, SitePipeline.Create());
        Assert.DoesNotContain("Wrong if", html);
        Assert.Contains("data-wrong-if=\"[{&quot;label&quot;:&quot;item_tfms \\u0026 (gpu / whole batch)&quot;,&quot;groups&quot;:[[&quot;item_tfms&quot;],[&quot;gpu&quot;,&quot;whole batch&quot;]],&quot;feedback&quot;:&quot;The other way round: item_tfms work on each item.&quot;}", html);
    }

    [Fact]
    public void A_question_without_a_wrong_if_list_has_no_misconceptions()
    {
        var question = Questions(FixtureSite.QuizMarkdown)[0];

        Assert.Empty(question.Misconceptions);
        Assert.Contains("data-wrong-if=\"[]\"", Markdown.ToHtml(FixtureSite.QuizMarkdown, SitePipeline.Create()));
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
