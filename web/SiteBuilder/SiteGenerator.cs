using System.Text.Json;
using Markdig;
using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using SiteBuilder.Quiz;

namespace SiteBuilder;

/// <summary>Turns content/, the model card and web/site/ into the static site.</summary>
public static class SiteGenerator
{
    public static readonly IReadOnlyList<string> RequiredContent = ["index.md", "recap.md", "quiz.md"];

    // Written into every output folder so a later build may clear it; a folder without it is never deleted.
    private const string OutputMarker = ".site-builder-output";
    private const string DemoDir = "demo/";
    private const string ModelDir = "model/";
    private const string AssetsDir = "assets/";

    private sealed record MarkdownPage(string SourcePath, string PageDir, FrontMatter Front, MarkdownDocument Document, string Title);

    public static BuiltSite Build(BuildOptions options)
    {
        RequireInputs(options);
        var pipeline = SitePipeline.Create();

        var contentPages = Directory.GetFiles(options.ContentDir, "*.md").Order(StringComparer.Ordinal)
            .Select(path => Parse(pipeline, path, PageDirOf(path)))
            .OrderBy(page => page.Front.Order ?? int.MaxValue).ThenBy(page => page.PageDir, StringComparer.Ordinal)
            .ToList();
        var modelCard = ModelPage(pipeline, options);
        var examples = ExampleImages.For(options);
        var markdownPages = contentPages.Append(modelCard).ToList();

        var pageDirBySource = markdownPages.ToDictionary(page => Path.GetFullPath(page.SourcePath), page => page.PageDir);
        var nav = contentPages.Select(page => new NavItem(page.PageDir, page.PageDir == "" ? "Home" : page.Title))
            .Append(new NavItem(DemoDir, "Live demo"))
            .Append(new NavItem(ModelDir, "Model card"))
            .Concat(OperatorPages.All.Select(page => new NavItem(page.PageDir, page.Title)))
            .ToList();

        PrepareOutput(options.OutDir);
        var written = new List<SitePage>();
        foreach (var page in markdownPages)
        {
            var assets = LinkRewriter.Rewrite(page.Document, page.SourcePath, page.PageDir, pageDirBySource);
            foreach (var asset in assets)
            {
                CopyFile(asset.SourcePath, Path.Combine(options.OutDir, asset.OutputRelativePath));
            }
            WritePage(options.OutDir, page.PageDir, page.Title, nav, ComposeMain(pipeline, page, examples));
            written.Add(new SitePage(page.PageDir, page.Title, page.SourcePath));
        }

        var demoMain = new MainContent(
            "<h1>Live demo</h1>\n<p>Send an image to the classifier and see its top three guesses. " +
            "When the model is unsure it says so: that is the point where a person should look.</p>\n" +
            PageTemplates.DemoPanel(DemoDir, examples), ["demo.js"], "page-demo");
        WritePage(options.OutDir, DemoDir, "Live demo", nav, demoMain);
        written.Add(new SitePage(DemoDir, "Live demo", ""));
        foreach (var page in OperatorPages.All)
        {
            WritePage(options.OutDir, page.PageDir, page.Title, nav, new MainContent(page.Html, page.Scripts, page.CssClass));
            written.Add(new SitePage(page.PageDir, page.Title, ""));
        }

        CopyStaticAssets(options);
        foreach (var example in examples.Where(e => e.AssetPath.StartsWith(ExampleImages.PackageFolder + "/", StringComparison.Ordinal)))
        {
            CopyFile(example.SourcePath, Path.Combine(options.OutDir, AssetsDir, example.AssetPath));
        }
        return new BuiltSite(options.OutDir, written);
    }

    private sealed record MainContent(string Html, IReadOnlyList<string> Scripts, string CssClass);

    private static MainContent ComposeMain(MarkdownPipeline pipeline, MarkdownPage page, IReadOnlyList<ExampleImages.Example> examples)
    {
        var html = Render(pipeline, page.Document);
        if (!page.Document.Descendants<HeadingBlock>().Any(heading => heading.Level == 1))
        {
            // Every page gets one top-level heading; front matter alone carries the title in that case.
            html = $"<h1>{System.Net.WebUtility.HtmlEncode(page.Title)}</h1>\n{html}";
        }
        if (!page.Document.Descendants<QuizQuestionBlock>().Any())
        {
            return new MainContent(html, [], "page-text");
        }
        // The score, filter and reset sit just above the first question, below the page's introduction.
        var firstQuestion = html.IndexOf("<form class=\"quiz-question\"", StringComparison.Ordinal);
        html = html.Insert(firstQuestion, PageTemplates.QuizToolbar());
        if (page.PageDir != "quiz/")
        {
            return new MainContent(html, ["quiz.js"], "page-quiz");
        }
        var withDemo = $"<div class=\"quiz-column\">\n{html}</div>\n<aside class=\"demo-column\" aria-label=\"Live demo\">\n{PageTemplates.DemoPanel(page.PageDir, examples)}</aside>\n";
        return new MainContent(withDemo, ["quiz.js", "demo.js"], "page-quiz with-demo");
    }

    private static string Render(MarkdownPipeline pipeline, MarkdownDocument document)
    {
        foreach (var code in document.Descendants<CodeBlock>())
        {
            // Code keeps its line layout and scrolls sideways; a scrolling box must be reachable by keyboard.
            code.GetAttributes().AddPropertyIfNotExist("tabindex", "0");
        }
        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer);
        pipeline.Setup(renderer);
        renderer.Render(document);
        writer.Flush();
        // Cells wrap between words only, so a wide table can outgrow a phone: it scrolls sideways in its own box
        // (focusable, like code blocks) instead of breaking words or widening the page.
        return writer.ToString()
            .Replace("<table>", "<div class=\"table-scroll\" tabindex=\"0\"><table>", StringComparison.Ordinal)
            .Replace("</table>", "</table></div>", StringComparison.Ordinal);
    }

    private static void WritePage(string outDir, string pageDir, string title, IReadOnlyList<NavItem> nav, MainContent main)
    {
        var html = PageTemplates.Layout(title, pageDir, nav, main.Html, main.Scripts, main.CssClass);
        var path = Path.Combine(outDir, pageDir, "index.html");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, html);
    }

    /// <summary>The /model/ page: the package's README.md when it has one, else a page made from its card.</summary>
    private static MarkdownPage ModelPage(MarkdownPipeline pipeline, BuildOptions options)
    {
        var readme = Path.Combine(options.ModelDir, "README.md");
        return File.Exists(readme)
            ? Parse(pipeline, readme, ModelDir)
            : Parse(pipeline, readme, ModelDir, CardPage.Markdown(Path.Combine(options.ModelDir, "model.json")));
    }

    private static MarkdownPage Parse(MarkdownPipeline pipeline, string path, string pageDir, string? text = null)
    {
        MarkdownDocument document;
        try
        {
            document = Markdown.Parse(text ?? File.ReadAllText(path), pipeline);
        }
        catch (QuizFormatException error)
        {
            throw new SiteBuildException($"{DisplayPath(path)}:{error.Line}: {error.Message}");
        }
        var front = FrontMatter.Read(document, DisplayPath(path));
        var title = front.Title ?? FirstHeadingText(document) ?? Path.GetFileNameWithoutExtension(path);
        return new MarkdownPage(path, pageDir, front, document, title);
    }

    private static string PageDirOf(string contentPath)
    {
        var name = Path.GetFileNameWithoutExtension(contentPath);
        if (name is "demo" or "model" or "assets")
        {
            throw new SiteBuildException($"{DisplayPath(contentPath)}: the name '{name}' is taken by a generated part of the site; rename the file");
        }
        return name == "index" ? "" : name + "/";
    }

    private static string? FirstHeadingText(MarkdownDocument document)
    {
        var heading = document.Descendants<HeadingBlock>().FirstOrDefault(h => h.Level == 1);
        if (heading?.Inline is null)
        {
            return null;
        }
        var text = string.Concat(heading.Inline.Descendants<Inline>().Select(inline => inline switch
        {
            LiteralInline literal => literal.Content.ToString(),
            CodeInline code => code.Content,
            _ => "",
        })).Trim();
        return text.Length > 0 ? text : null;
    }

    private static void RequireInputs(BuildOptions options)
    {
        if (!Directory.Exists(options.ContentDir))
        {
            throw new SiteBuildException($"{DisplayPath(options.ContentDir)}: content folder not found");
        }
        foreach (var name in RequiredContent)
        {
            var path = Path.Combine(options.ContentDir, name);
            if (!File.Exists(path))
            {
                throw new SiteBuildException($"{DisplayPath(path)}: missing; the site needs {string.Join(", ", RequiredContent)} in the content folder");
            }
        }
        var readme = Path.Combine(options.ModelDir, "README.md");
        if (!File.Exists(readme) && !File.Exists(Path.Combine(options.ModelDir, "model.json")))
        {
            throw new SiteBuildException($"{DisplayPath(readme)}: model page missing; the /model/ page is rendered from the package's README.md, or from its model.json when it has none");
        }
        foreach (var example in ExampleImages.For(options))
        {
            if (!File.Exists(example.SourcePath))
            {
                throw new SiteBuildException($"{DisplayPath(example.SourcePath)}: example image missing; remake them with web/tools/make_example_images.py");
            }
        }
    }

    /// <summary>Clears a previous build, refusing to touch a non-empty folder the builder did not write.</summary>
    private static void PrepareOutput(string outDir)
    {
        if (Directory.Exists(outDir) && Directory.EnumerateFileSystemEntries(outDir).Any())
        {
            if (!File.Exists(Path.Combine(outDir, OutputMarker)))
            {
                throw new SiteBuildException($"{DisplayPath(outDir)}: output folder is not empty and was not written by the site builder; choose another --out");
            }
            Directory.Delete(outDir, recursive: true);
        }
        Directory.CreateDirectory(outDir);
        File.WriteAllText(Path.Combine(outDir, OutputMarker), "Written by web/SiteBuilder; deleted and rewritten on every build.\n");
    }

    private static void CopyStaticAssets(BuildOptions options)
    {
        var target = Path.Combine(options.OutDir, AssetsDir);
        foreach (var file in Directory.EnumerateFiles(options.AssetsDir, "*", SearchOption.AllDirectories))
        {
            if (Path.GetFileName(file) == StaticWebAppConfig.FileName)
                continue; // goes to the root, with the API's origin (below)
            CopyFile(file, Path.Combine(target, Path.GetRelativePath(options.AssetsDir, file)));
        }
        VendorModules.Copy(options.AssetsDir, target);
        StaticWebAppConfig.Write(options.AssetsDir, options.OutDir, options.ApiBase);
        // The one place the API's address lives; the demo script imports it.
        File.WriteAllText(Path.Combine(options.OutDir, "config.js"),
            $"export const apiBase = {JsonSerializer.Serialize(options.ApiBase)};\n");
    }

    private static void CopyFile(string source, string destination)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        File.Copy(source, destination, overwrite: true);
    }

    private static string DisplayPath(string path)
    {
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, path);
        return relative.StartsWith("..", StringComparison.Ordinal) ? path : relative;
    }
}
