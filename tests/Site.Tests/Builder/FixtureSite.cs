using SiteBuilder;

namespace Site.Tests.Builder;

/// <summary>
/// A throw-away content folder and model card with small, known Markdown, so builder tests do not
/// depend on the real lesson text. Deleted on dispose.
/// </summary>
public sealed class FixtureSite : IDisposable
{
    public const string QuizMarkdown = """
        ---
        title: Fixture quiz
        order: 3
        ---
        # Fixture quiz

        Answer in your own words; the [recap](recap.md) helps.

        :::question
        ## 1. What is a `DataBlock`?

        A *recipe* that tells fastai how to build `DataLoaders`:

        1. the types of input and target;
        2. how to get the items.

        Key ideas: recipe / blueprint; input and target types; get items / list the files
        :::

        :::question
        ## 2. Why use data augmentation?

        It shows the model varied versions of each image, so it overfits less.

        Key ideas: varied versions; overfitting / memorising
        :::
        """;

    public string Root { get; } = Directory.CreateTempSubdirectory("site-fixture-").FullName;
    public string ContentDir => Path.Combine(Root, "content");
    public string ModelDir => Path.Combine(Root, "model");
    public string OutDir => Path.Combine(Root, "dist");

    public FixtureSite(string? quizMarkdown = null)
    {
        Directory.CreateDirectory(ContentDir);
        Directory.CreateDirectory(ModelDir);
        WriteContent("index.md", """
            ---
            title: Fixture home
            order: 1
            ---
            # Fixture home

            Read the [recap](recap.md), take the [quiz](quiz.md#q2), try the [demo](/demo/)
            or read the [model card](../model/README.md).
            """);
        WriteContent("recap.md", """
            ---
            title: Fixture recap
            order: 2
            ---
            # Fixture recap

            | Step | What |
            | ---- | ---- |
            | 1    | Train |

            Back [home](index.md).
            """);
        WriteContent("quiz.md", quizMarkdown ?? QuizMarkdown);
        File.WriteAllText(Path.Combine(ModelDir, "README.md"), """
            # Fixture model

            ![Confusion matrix of the fixture model](confusion-matrix.png)

            The labels live in [model.json](model.json).
            """);
        File.Copy(Path.Combine(RepoPaths.SiteAssets, "examples", "bag.png"), Path.Combine(ModelDir, "confusion-matrix.png"));
        File.WriteAllText(Path.Combine(ModelDir, "model.json"), "{}");
    }

    public void WriteContent(string name, string markdown) => File.WriteAllText(Path.Combine(ContentDir, name), markdown);

    public BuildOptions Options(string apiBase = BuildOptions.DefaultApiBase) =>
        new(ContentDir, ModelDir, RepoPaths.SiteAssets, OutDir, apiBase);

    public BuiltSite Build() => SiteGenerator.Build(Options());

    public string ReadPage(string pageDir) => File.ReadAllText(Path.Combine(OutDir, pageDir, "index.html"));

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
