using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace SiteBuilder;

/// <summary>
/// Makes Markdown links work in the site as they do on GitHub: a link to another source file
/// (<c>quiz.md#q3</c>, <c>../model/default/README.md</c>) becomes a link to its page, a linked image or
/// file is copied beside the page, and links with schemes other than http, https and mailto
/// (<c>javascript:</c>, <c>data:</c>) are disarmed.
/// </summary>
public static class LinkRewriter
{
    // Linked files are copied beside the page; a model file of tens of MB is not something to publish by accident.
    private const long MaxCopiedFileBytes = 5 * 1024 * 1024;

    public static IReadOnlyList<PageAsset> Rewrite(MarkdownDocument document, string sourcePath, string pageDir,
        IReadOnlyDictionary<string, string> pageDirBySource)
    {
        var assets = new List<PageAsset>();
        var sourceDir = Path.GetDirectoryName(sourcePath)!;
        foreach (var link in document.Descendants<LinkInline>())
        {
            var url = link.Url;
            if (string.IsNullOrEmpty(url) || url.StartsWith('#') || url.StartsWith('/'))
            {
                continue;
            }
            if (SchemeOf(url) is { } scheme)
            {
                if (scheme is not ("http" or "https" or "mailto"))
                {
                    link.Url = "#";
                }
                continue;
            }

            var split = url.IndexOfAny(['#', '?']);
            var (pathPart, suffix) = split < 0 ? (url, "") : (url[..split], url[split..]);
            var target = Path.GetFullPath(Path.Combine(sourceDir, Uri.UnescapeDataString(pathPart)));

            if (pageDirBySource.TryGetValue(target, out var targetDir))
            {
                link.Url = RelativeUrl(pageDir, targetDir) + suffix;
            }
            else if (File.Exists(target) && (link.IsImage || new FileInfo(target).Length <= MaxCopiedFileBytes))
            {
                var relative = Path.GetRelativePath(sourceDir, target);
                if (relative.StartsWith("..", StringComparison.Ordinal))
                {
                    relative = Path.GetFileName(target);
                }
                var urlPath = string.Join('/', relative.Split(Path.DirectorySeparatorChar).Select(Uri.EscapeDataString));
                assets.Add(new PageAsset(target, pageDir + urlPath));
                link.Url = urlPath + suffix;
            }
            else if (link.IsImage)
            {
                throw new SiteBuildException($"{sourcePath}: line {link.Line + 1}: image '{url}' not found (looked for {target})");
            }
        }
        return assets;
    }

    /// <summary>The URL of <paramref name="toDir"/> ("" for the root, "quiz/") as seen from a page in <paramref name="fromDir"/>.</summary>
    public static string RelativeUrl(string fromDir, string toDir)
    {
        var url = string.Concat(Enumerable.Repeat("../", fromDir.Count(c => c == '/'))) + toDir;
        return url.Length == 0 ? "./" : url;
    }

    /// <summary>
    /// The lower-case scheme, or null for a relative URL. Browsers drop tabs, newlines and leading
    /// spaces before reading the scheme ("java\tscript:"), so those are dropped here too.
    /// </summary>
    private static string? SchemeOf(string url)
    {
        var compact = new string(url.Where(c => c > ' ').ToArray());
        var colon = compact.IndexOf(':');
        if (colon <= 0)
        {
            return null;
        }
        var scheme = compact[..colon];
        var looksLikeScheme = char.IsAsciiLetter(scheme[0])
            && scheme.All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.');
        return looksLikeScheme ? scheme.ToLowerInvariant() : null;
    }
}
