using Markdig;
using SiteBuilder;
using SiteBuilder.Quiz;

namespace Site.Tests.Builder;

/// <summary>A malformed block stops the build with the file, the line and what to fix.</summary>
public class QuizBlockErrorTests
{
    private const string NoKeyIdeas = """
        # Quiz

        :::question
        ## 4. What does export save?

        The architecture and the trained weights.
        :::
        """;

    [Fact]
    public void A_block_without_key_ideas_fails_the_build_naming_file_and_line()
    {
        using var site = new FixtureSite(NoKeyIdeas);

        var error = Assert.Throws<SiteBuildException>(site.Build);

        Assert.Contains(Path.Combine("content", "quiz.md") + ":3:", error.Message);
        Assert.Contains("question 4 has no 'Key ideas:", error.Message);
    }

    [Fact]
    public void The_command_line_exits_non_zero_and_prints_the_problem()
    {
        using var site = new FixtureSite(NoKeyIdeas);
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var exitCode = SiteBuilderCli.Run(
            ["--content", site.ContentDir, "--model", site.ModelDir, "--assets", RepoPaths.SiteAssets, "--out", site.OutDir],
            site.Root, stdout, stderr);

        Assert.Equal(1, exitCode);
        Assert.Contains("quiz.md:3: question 4 has no 'Key ideas:", stderr.ToString());
    }

    [Fact]
    public void A_misconception_without_feedback_fails_the_build_naming_file_and_line()
    {
        using var site = new FixtureSite(FixtureSite.QuizMarkdown.Replace(
            "Key ideas: varied versions; overfitting / memorising\n", "Key ideas: varied versions; overfitting / memorising\n\nWrong if:\n\n- more epochs\n", StringComparison.Ordinal));

        var error = Assert.Throws<SiteBuildException>(site.Build);

        Assert.Contains(Path.Combine("content", "quiz.md") + ":29:", error.Message);
        Assert.Contains("misconception \"more epochs\" has no 'Feedback: ...' line", error.Message);
    }

    [Theory]
    [InlineData(":::question\n## 1. Q?\n\nAnswer.\n\nKey ideas: a; b\n:::\n\n:::question\n## 1. Again?\n\nAnswer.\n\nKey ideas: a; b\n:::\n",
        9, "question number 1 is used twice (first on line 1)")]
    [InlineData(":::question\nWhat?\n\nKey ideas: a; b\n:::\n", 1, "must start with a '## N. question' heading")]
    [InlineData(":::question\n## What, no number?\n\nAnswer.\n\nKey ideas: a; b\n:::\n", 2, "must read '## N. question'")]
    [InlineData(":::question\n## 1. Q?\n\nKey ideas: a; b\n:::\n", 1, "question 1 has no reference answer")]
    [InlineData(":::question\n## 1. Q?\n\nAnswer.\n\nKey ideas: only one\n:::\n", 6, "lists 1 idea(s); write 2 to 6")]
    [InlineData(":::question\n## 1. Q?\n\nAnswer.\n\nKey ideas: a; b; c; d; e; f; g\n:::\n", 6, "lists 7 idea(s)")]
    [InlineData(":::question\n## 1. Q?\n\nAnswer.\n\nKey ideas: a; ; b\n:::\n", 6, "empty alternative or group")]
    [InlineData(":::question\n## 1. Q?\n\nAnswer.\n\nKey ideas: a / ; b\n:::\n", 6, "empty alternative or group")]
    [InlineData(":::question\n## 1. Q?\n\nAnswer.\n\nKey ideas: gen*ral; b\n:::\n", 6, "a wildcard '*' ends a word")]
    [InlineData(":::question\n## 1. Q?\n\nAnswer.\n\nKey ideas: (a / b & c; d\n:::\n", 6, "brackets go round a whole group")]
    [InlineData(":::question\n## 1. Q?\n\nAnswer.\n\nKey ideas (any 3): a; b\n:::\n", 6, "asks for any 3 of only 2 ideas")]
    [InlineData(":::question\n## 1. Q?\n\nAnswer.\n\nKey ideas (pass 120 %): a; b\n:::\n", 6, "the pass mark must be 1 to 100 %")]
    [InlineData(":::question\n## 1. Q?\n\nAnswer.\n\nKey ideas (most): a; b\n:::\n", 6, "setting \"most\" is unknown")]
    [InlineData(":::question\n## 1. Q?\n\nAnswer.\n\nKey ideas (in order 2-5): a; b\n:::\n", 6, "orders ideas 2-5 of only 2")]
    [InlineData(":::question\n## 1. Q?\n\nAnswer.\n\nKey ideas:\n\n- a\n  - Note: b\n- c\n:::\n", 9, "write 'Found: ...' or 'Hint: ...'")]
    [InlineData(":::question\n## 1. Q?\n\nAnswer.\nKey ideas: a; b\n:::\n", 5, "put a blank line before 'Key ideas'")]
    [InlineData(":::question\n## 1. Q?\n\nAnswer.\n\nKey ideas: a; b\n", 1, "never closed")]
    [InlineData(":::question\n## 1. Q?\n\nAnswer.\n\nKey ideas: a; b\n\nWrong if:\n\n- c\n- d\n  - Feedback: Not d.\n:::\n", 10, "misconception \"c\" has no 'Feedback: ...' line")]
    [InlineData(":::question\n## 1. Q?\n\nAnswer.\n\nKey ideas: a; b\n\nWrong if:\n\n- c\n  - Hint: Not c.\n:::\n", 11, "under a misconception, write one 'Feedback: ...' line")]
    [InlineData(":::question\n## 1. Q?\n\nAnswer.\n\nKey ideas: a; b\n\nWrong if:\n\n- (c / d & e\n  - Feedback: No.\n:::\n", 10, "brackets go round a whole group")]
    [InlineData(":::question\n## 1. Q?\n\nAnswer.\n\nKey ideas: a; b\n\nWrong if: c\n:::\n", 8, "'Wrong if:' stands on its own line")]
    [InlineData(":::question\n## 1. Q?\n\nAnswer.\n\nWrong if:\n\n- c\n  - Feedback: No.\n:::\n", 1, "question 1 has no 'Key ideas:")]
    public void Malformed_blocks_are_reported_with_line_and_reason(string markdown, int line, string reason)
    {
        var error = Assert.Throws<QuizFormatException>(() => Markdown.Parse(markdown, SitePipeline.Create()));

        Assert.Equal(line, error.Line);
        Assert.Contains(reason, error.Message);
    }

    [Theory]
    [InlineData("recap.md")]
    [InlineData("quiz.md")]
    [InlineData("index.md")]
    public void A_missing_content_file_is_named(string name)
    {
        using var site = new FixtureSite();
        File.Delete(Path.Combine(site.ContentDir, name));

        var error = Assert.Throws<SiteBuildException>(site.Build);

        Assert.Contains(Path.Combine(site.ContentDir, name), error.Message);
        Assert.Contains("missing", error.Message);
    }

    [Fact]
    public void A_model_folder_with_neither_page_nor_card_is_named()
    {
        using var site = new FixtureSite();
        File.Delete(Path.Combine(site.ModelDir, "README.md"));
        File.Delete(Path.Combine(site.ModelDir, "model.json"));

        var error = Assert.Throws<SiteBuildException>(site.Build);

        Assert.Contains(Path.Combine(site.ModelDir, "README.md") + ": model page missing", error.Message);
    }

    [Fact]
    public void A_missing_image_in_the_model_card_is_named()
    {
        using var site = new FixtureSite();
        File.Delete(Path.Combine(site.ModelDir, "confusion-matrix.png"));

        var error = Assert.Throws<SiteBuildException>(site.Build);

        Assert.Contains("image 'confusion-matrix.png' not found", error.Message);
    }

    [Fact]
    public void The_builder_refuses_to_clear_a_folder_it_did_not_write()
    {
        using var site = new FixtureSite();
        Directory.CreateDirectory(site.OutDir);
        File.WriteAllText(Path.Combine(site.OutDir, "precious.txt"), "keep me");

        var error = Assert.Throws<SiteBuildException>(site.Build);

        Assert.Contains("not written by the site builder", error.Message);
        Assert.True(File.Exists(Path.Combine(site.OutDir, "precious.txt")));
    }
}
