using System.Reflection;

namespace SiteBuilder;

/// <summary>The pages for whoever runs the model: the review queue and the monitor, each with its own script.</summary>
public static class OperatorPages
{
    public sealed record Page(string PageDir, string Title, string Html, IReadOnlyList<string> Scripts, string CssClass);

    public static IReadOnlyList<Page> All { get; } =
    [
        new("review/", "Review", Template("review.html"), ["review.js"], "page-review"),
        new("monitor/", "Monitor", Template("monitor.html"), ["monitor.js"], "page-monitor"),
    ];

    private static string Template(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"SiteBuilder.Templates.{name}")
            ?? throw new InvalidOperationException($"template {name} is not embedded in the builder");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
