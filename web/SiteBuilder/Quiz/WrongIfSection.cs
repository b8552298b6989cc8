using System.Text.RegularExpressions;
using Markdig.Syntax;

namespace SiteBuilder.Quiz;

/// <summary>
/// Reads the optional misconceptions after the key ideas: a <c>Wrong if:</c> paragraph and a list, one
/// misconception per item in the key-idea syntax, each with a nested <c>Feedback:</c> saying what is wrong:
/// <code>
/// Wrong if:
///
/// - (item_tfms) &amp; (gpu / whole batch)
///   - Feedback: It is batch_tfms that work on a whole batch on the GPU.
/// </code>
/// </summary>
public static partial class WrongIfSection
{
    public const string Prefix = "Wrong if";
    public const int MaxEntries = 8;
    private const string FeedbackPrefix = "Feedback:";

    [GeneratedRegex(@"^Wrong if\s*:\s*(?<rest>.*)$", RegexOptions.Singleline)]
    private static partial Regex Heading();

    public static bool StartsWrongIf(string text) => Heading().IsMatch(text);

    /// <summary>Parses the heading paragraph's text (it must end at the colon) and the list after it.</summary>
    public static IReadOnlyList<Misconception> Parse(string text, int line, ListBlock? list)
    {
        if (Heading().Match(text).Groups["rest"].Value.Trim().Length > 0 || list is null)
        {
            throw new QuizFormatException(line, $"'{Prefix}:' stands on its own line, followed by a list of misconceptions, each with '- {FeedbackPrefix} ...' under it");
        }
        var entries = KeyIdeasSection.IdeaItems(list).Select(item => ReadEntry(item.Idea, item.Notes)).ToList();
        if (entries.Count > MaxEntries)
        {
            throw new QuizFormatException(line, $"'{Prefix}' lists {entries.Count} misconceptions; write at most {MaxEntries}");
        }
        return entries;
    }

    private static Misconception ReadEntry(ListItemBlock item, IReadOnlyList<ListItemBlock> notes)
    {
        var line = item.Line + 1;
        if (item.FirstOrDefault() is not ParagraphBlock paragraph)
        {
            throw new QuizFormatException(line, "a 'Wrong if' list item starts with the misconception, as in '- (a) & (b)'");
        }
        var expression = KeyIdeasSection.RawText(paragraph);
        string? feedback = null;
        foreach (var note in notes)
        {
            var text = note.FirstOrDefault() is ParagraphBlock p ? KeyIdeasSection.RawText(p) : "";
            if (!text.StartsWith(FeedbackPrefix, StringComparison.Ordinal) || feedback is not null || text.Length == FeedbackPrefix.Length)
            {
                throw new QuizFormatException(note.Line + 1, $"under a misconception, write one '{FeedbackPrefix} ...' line, not \"{text}\"");
            }
            feedback = text[FeedbackPrefix.Length..].Trim();
        }
        return new Misconception(expression, KeyIdeaExpression.Parse(expression, line),
            feedback ?? throw new QuizFormatException(line, $"misconception \"{expression}\" has no '{FeedbackPrefix} ...' line under it"));
    }
}
