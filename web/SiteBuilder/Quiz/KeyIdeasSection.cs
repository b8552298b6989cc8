using System.Globalization;
using System.Text.RegularExpressions;
using Markdig.Syntax;

namespace SiteBuilder.Quiz;

/// <summary>
/// Reads the key ideas that end every question block. Either one line, ideas separated by <c>;</c>:
/// <code>Key ideas: seed / random seed; same validation set</code>
/// or a line of its own followed by a list, one idea per item, each with an optional nested
/// <c>Found:</c> (shown when the idea is there) and <c>Hint:</c> (shown when it is missing):
/// <code>
/// Key ideas (any 2, pass 60 %, in order 1-2):
///
/// - x &amp; (independent / input)
///   - Found: x is the independent variable.
///   - Hint: Which letter stands for the input?
/// </code>
/// </summary>
public static partial class KeyIdeasSection
{
    public const string Prefix = "Key ideas";
    public const int MinIdeas = 2;
    public const int MaxIdeas = 6;
    private const string FoundPrefix = "Found:";
    private const string HintPrefix = "Hint:";

    [GeneratedRegex(@"^Key ideas(?:\s*\((?<settings>[^)]*)\))?:\s*(?<ideas>.*)$", RegexOptions.Singleline)]
    private static partial Regex Heading();

    [GeneratedRegex(@"^(?:any\s+(?<need>\d+)|pass\s+(?<pass>\d+)\s*%|in order(?:\s+(?<from>\d+)-(?<to>\d+))?)$")]
    private static partial Regex Setting();

    public static bool StartsKeyIdeas(string text) => Heading().IsMatch(text);

    /// <summary>Parses the heading paragraph's text and, when the ideas are listed, the list after it.</summary>
    public static (IReadOnlyList<KeyIdea> Ideas, KeyIdeaSettings Settings) Parse(string text, int line, ListBlock? list)
    {
        var heading = Heading().Match(text);
        var settings = ReadSettings(heading.Groups["settings"], line);
        var inline = heading.Groups["ideas"].Value.Trim();
        List<KeyIdea> ideas;
        if (list is not null)
        {
            if (inline.Length > 0)
            {
                throw new QuizFormatException(line, $"'{Prefix}' has ideas on its line and in a list; use one or the other");
            }
            ideas = IdeaItems(list).Select(item => ReadIdea(item.Idea, item.Notes)).ToList();
        }
        else
        {
            ideas = inline.Split(';').Select(idea => idea.Trim())
                .Select(idea => new KeyIdea(idea, KeyIdeaExpression.Parse(idea, line), null, null)).ToList();
        }
        if (ideas.Count is < MinIdeas or > MaxIdeas)
        {
            throw new QuizFormatException(line, $"'{Prefix}' lists {ideas.Count} idea(s); write {MinIdeas} to {MaxIdeas}");
        }
        if (settings.Order is { } order && order.To != int.MaxValue && order.To > ideas.Count)
        {
            throw new QuizFormatException(line, $"'{Prefix}' orders ideas {order.From}-{order.To} of only {ideas.Count}");
        }
        if (settings.Order is { To: int.MaxValue } all)
        {
            settings = settings with { Order = (all.From, ideas.Count) };
        }
        if (settings.Need > ideas.Count)
        {
            throw new QuizFormatException(line, $"'{Prefix}' asks for any {settings.Need} of only {ideas.Count} ideas");
        }
        return (ideas, settings);
    }

    private static KeyIdeaSettings ReadSettings(Group group, int line)
    {
        var settings = KeyIdeaSettings.Default;
        if (!group.Success)
        {
            return settings;
        }
        foreach (var part in group.Value.Split(',', StringSplitOptions.TrimEntries))
        {
            var match = Setting().Match(part);
            if (!match.Success)
            {
                throw new QuizFormatException(line, $"'{Prefix}' setting \"{part}\" is unknown; write 'any N', 'pass N %' or 'in order 1-3'");
            }
            if (match.Groups["need"].Success)
            {
                var need = int.Parse(match.Groups["need"].Value, CultureInfo.InvariantCulture);
                settings = settings with { Need = need > 0 ? need : throw new QuizFormatException(line, $"'{Prefix}': 'any 0' credits nothing") };
            }
            else if (part.StartsWith("in order", StringComparison.Ordinal))
            {
                var from = match.Groups["from"].Success ? int.Parse(match.Groups["from"].Value, CultureInfo.InvariantCulture) : 1;
                var to = match.Groups["to"].Success ? int.Parse(match.Groups["to"].Value, CultureInfo.InvariantCulture) : int.MaxValue;
                settings = settings with { Order = from >= 1 && to > from ? (from, to) : throw new QuizFormatException(line, $"'{Prefix}': 'in order A-B' needs 1 <= A < B") };
            }
            else
            {
                var pass = int.Parse(match.Groups["pass"].Value, CultureInfo.InvariantCulture);
                settings = settings with { PassMark = pass is > 0 and <= 100 ? pass / 100.0 : throw new QuizFormatException(line, $"'{Prefix}': the pass mark must be 1 to 100 %") };
            }
        }
        return settings;
    }

    /// <summary>
    /// Each idea's list item with its nested items (Found/Hint, or Feedback under a misconception). When the question's closing fence closes the block,
    /// Markdig has not yet moved the indented items under their idea (they still sit beside it in the outer
    /// list), so an item indented further than the first one belongs to the idea above it.
    /// </summary>
    internal static List<(ListItemBlock Idea, List<ListItemBlock> Notes)> IdeaItems(ListBlock list)
    {
        var items = list.OfType<ListItemBlock>().ToList();
        var result = new List<(ListItemBlock Idea, List<ListItemBlock> Notes)>();
        foreach (var item in items)
        {
            var nested = item.Skip(1).OfType<ListBlock>().SelectMany(l => l.OfType<ListItemBlock>());
            if (item.Column > items[0].Column && result.Count > 0)
            {
                result[^1].Notes.Add(item);
            }
            else
            {
                result.Add((item, nested.ToList()));
            }
        }
        return result;
    }

    private static KeyIdea ReadIdea(ListItemBlock item, IReadOnlyList<ListItemBlock> notes)
    {
        var line = item.Line + 1;
        if (item.FirstOrDefault() is not ParagraphBlock paragraph)
        {
            throw new QuizFormatException(line, "a key idea list item starts with the idea, as in '- seed / random seed'");
        }
        var expression = RawText(paragraph);
        string? found = null;
        string? hint = null;
        foreach (var note in notes)
        {
            var text = note.FirstOrDefault() is ParagraphBlock p ? RawText(p) : "";
            if (text.StartsWith(FoundPrefix, StringComparison.Ordinal))
            {
                found = text[FoundPrefix.Length..].Trim();
            }
            else if (text.StartsWith(HintPrefix, StringComparison.Ordinal))
            {
                hint = text[HintPrefix.Length..].Trim();
            }
            else
            {
                throw new QuizFormatException(note.Line + 1, $"under a key idea, write '{FoundPrefix} ...' or '{HintPrefix} ...', not \"{text}\"");
            }
        }
        return new KeyIdea(expression, KeyIdeaExpression.Parse(expression, line), found, hint);
    }

    /// <summary>The paragraph as written (one line), so the idea syntax is read as typed, not as Markdown.</summary>
    public static string RawText(ParagraphBlock paragraph) =>
        string.Join(' ', paragraph.Lines.Lines.Take(paragraph.Lines.Count).Select(l => l.ToString().Trim()));
}
