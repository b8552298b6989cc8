using System.Text.RegularExpressions;

namespace Site.Tests.Builder;

/// <summary>
/// Reads every reference a built site makes (href, src, data-example, JS imports) and reports the ones
/// that do not resolve to a file, or to an id in the page they point at, inside the output folder.
/// </summary>
public static partial class SiteCrawler
{
    [GeneratedRegex("(?:href|src|data-example)=\"([^\"]*)\"")]
    private static partial Regex HtmlReference();

    // Static module imports: `import { x } from "./y.js";` at the start of a line.
    [GeneratedRegex("""^import\b[^"'\n]*["']([^"']+)["']""", RegexOptions.Multiline)]
    private static partial Regex ScriptImport();

    public sealed record Reference(string FromFile, string Url);

    [GeneratedRegex(""""<script[^>]*\bsrc="([^"]+)"|<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"""")]
    private static partial Regex PageScriptOrStyle();

    /// <summary>Every JS and CSS file a page loads: its script and stylesheet tags, and the modules they import, transitively.</summary>
    public static IReadOnlyCollection<string> ScriptsAndStyles(string outDir, string pageDir)
    {
        var page = Path.Combine(outDir, pageDir, "index.html");
        var pending = new Stack<string>(PageScriptOrStyle().Matches(File.ReadAllText(page))
            .Select(m => Resolve(page, m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value)));
        var seen = new HashSet<string>();
        while (pending.TryPop(out var file))
        {
            if (!seen.Add(file) || !file.EndsWith(".js", StringComparison.Ordinal))
            {
                continue;
            }
            foreach (Match import in ScriptImport().Matches(File.ReadAllText(file)))
            {
                pending.Push(Resolve(file, import.Groups[1].Value));
            }
        }
        return seen;
    }

    private static string Resolve(string from, string url) => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(from)!, url));

    public static IEnumerable<Reference> References(string outDir) =>
        Directory.EnumerateFiles(outDir, "*", SearchOption.AllDirectories)
            .Where(file => file.EndsWith(".html", StringComparison.Ordinal) || file.EndsWith(".js", StringComparison.Ordinal))
            .SelectMany(file => (file.EndsWith(".js", StringComparison.Ordinal) ? ScriptImport() : HtmlReference())
                .Matches(File.ReadAllText(file)).Select(match => new Reference(file, match.Groups[1].Value)));

    public static bool IsExternal(string url) =>
        url.StartsWith("http:", StringComparison.OrdinalIgnoreCase) || url.StartsWith("https:", StringComparison.OrdinalIgnoreCase)
        || url.StartsWith("//", StringComparison.Ordinal);

    /// <summary>Internal references that point at nothing, as "file -> url: why".</summary>
    public static List<string> BrokenReferences(string outDir)
    {
        var broken = new List<string>();
        foreach (var (from, url) in References(outDir))
        {
            if (IsExternal(url) || url.StartsWith("mailto:", StringComparison.Ordinal) || url.StartsWith("data:", StringComparison.Ordinal)
                || url == "#" || url.Contains("${", StringComparison.Ordinal))
            {
                continue;
            }
            var hash = url.IndexOf('#');
            var fragment = hash >= 0 ? url[(hash + 1)..] : "";
            var path = (hash >= 0 ? url[..hash] : url).Split('?')[0];
            var target = path.Length == 0
                ? from
                : Path.GetFullPath(path.StartsWith('/') ? Path.Combine(outDir, path[1..]) : Path.Combine(Path.GetDirectoryName(from)!, Uri.UnescapeDataString(path)));
            if (Directory.Exists(target))
            {
                target = Path.Combine(target, "index.html");
            }
            var where = $"{Path.GetRelativePath(outDir, from)} -> {url}";
            if (!target.StartsWith(Path.GetFullPath(outDir), StringComparison.Ordinal))
            {
                broken.Add($"{where}: leaves the site");
            }
            else if (!File.Exists(target))
            {
                broken.Add($"{where}: no such file");
            }
            else if (fragment.Length > 0 && target.EndsWith(".html", StringComparison.Ordinal)
                && !File.ReadAllText(target).Contains($"id=\"{Uri.UnescapeDataString(fragment)}\"", StringComparison.Ordinal))
            {
                broken.Add($"{where}: no element with id '{fragment}'");
            }
        }
        return broken;
    }
}
