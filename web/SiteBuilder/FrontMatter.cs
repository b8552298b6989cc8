using System.Globalization;
using Markdig.Extensions.Yaml;
using Markdig.Syntax;

namespace SiteBuilder;

/// <summary>
/// The two front-matter fields pages use, <c>title</c> and <c>order</c>. Read by hand: a YAML library
/// for two scalar keys would be the biggest dependency of the builder.
/// </summary>
public sealed record FrontMatter(string? Title, int? Order)
{
    public static FrontMatter Read(MarkdownDocument document, string sourceName)
    {
        var block = document.Descendants<YamlFrontMatterBlock>().FirstOrDefault();
        if (block is null)
        {
            return new FrontMatter(null, null);
        }
        string? title = null;
        int? order = null;
        foreach (var line in block.Lines.Lines.Take(block.Lines.Count).Select(l => l.ToString()))
        {
            var colon = line.IndexOf(':');
            if (colon < 0)
            {
                continue;
            }
            var key = line[..colon].Trim();
            var value = Unquote(line[(colon + 1)..].Trim());
            if (key == "title")
            {
                title = value;
            }
            else if (key == "order")
            {
                order = int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number)
                    ? number
                    : throw new SiteBuildException($"{sourceName}: front matter 'order' must be a whole number, not '{value}'");
            }
        }
        return new FrontMatter(title, order);
    }

    private static string Unquote(string value) =>
        value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[^1] == value[0] ? value[1..^1] : value;
}
