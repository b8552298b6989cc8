using System.Net;
using System.Reflection;
using System.Text;

namespace SiteBuilder;

/// <summary>Fills the HTML templates embedded from Templates/ (layout, quiz toolbar, demo panel).</summary>
public static class PageTemplates
{
    public const string SiteName = "Serverless classifier study companion";

    public static string Layout(string title, string pageDir, IReadOnlyList<NavItem> nav, string mainHtml,
        IReadOnlyList<string> scripts, string bodyClass)
    {
        var root = LinkRewriter.RelativeUrl(pageDir, "");
        var navHtml = new StringBuilder();
        foreach (var item in nav)
        {
            var current = item.PageDir == pageDir ? " aria-current=\"page\"" : "";
            navHtml.Append($"<li><a href=\"{LinkRewriter.RelativeUrl(pageDir, item.PageDir)}\"{current}>{Encode(item.Label)}</a></li>\n");
        }
        var scriptTags = string.Concat(scripts.Select(script =>
            $"<script type=\"module\" src=\"{root}assets/{script}\"></script>\n"));
        return Fill(Load("layout.html"), new()
        {
            ["title"] = Encode(title),
            ["siteName"] = Encode(SiteName),
            ["root"] = root,
            ["nav"] = navHtml.ToString(),
            ["scripts"] = scriptTags,
            ["main"] = mainHtml,
            ["bodyClass"] = bodyClass,
        });
    }

    public static string QuizToolbar() => Load("quiz-toolbar.html");

    /// <summary>The demo panel; the list of examples only when the served package provides some.</summary>
    public static string DemoPanel(string pageDir, IReadOnlyList<ExampleImages.Example> examples)
    {
        var root = LinkRewriter.RelativeUrl(pageDir, "");
        var items = string.Concat(examples.Select(example =>
        {
            var src = $"{root}assets/{example.AssetPath}";
            return $"<li><button type=\"button\" data-example=\"{src}\"><img src=\"{src}\" alt=\"\" width=\"28\" height=\"28\"> {Encode(example.Label)}</button></li>\n";
        }));
        var block = examples.Count == 0 ? ""
            : $"<h3 id=\"demo-examples-title\">{(examples[0].AssetPath.StartsWith(ExampleImages.Folder + "/", StringComparison.Ordinal) ? "Or try a Fashion-MNIST test image" : "Or try one of the model's examples")}</h3>\n<ul class=\"demo-examples\" aria-labelledby=\"demo-examples-title\">\n{items}</ul>\n";
        return Fill(Load("demo.html"), new() { ["examples"] = block });
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static string Fill(string template, Dictionary<string, string> values)
    {
        foreach (var (key, value) in values)
        {
            template = template.Replace("{{" + key + "}}", value, StringComparison.Ordinal);
        }
        return template;
    }

    private static string Load(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"SiteBuilder.Templates.{name}")
            ?? throw new InvalidOperationException($"template {name} is not embedded in the builder");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
