namespace SiteBuilder.Quiz;

/// <summary>
/// Reads one key idea written as <c>(item_tfms / item transforms) &amp; (each item / CPU)</c>: groups joined by
/// <c> &amp; </c>, each an optional pair of brackets round alternatives separated by <c> / </c>.
/// </summary>
public static class KeyIdeaExpression
{
    public const string RelationSeparator = " & ";
    public const string AlternativeSeparator = " / ";

    /// <summary>The groups of alternatives; throws a <see cref="QuizFormatException"/> naming the problem.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> Parse(string expression, int line)
    {
        var groups = new List<IReadOnlyList<string>>();
        foreach (var part in expression.Split(RelationSeparator))
        {
            var group = part.Trim();
            if (group.StartsWith('(') && group.EndsWith(')'))
            {
                group = group[1..^1];
            }
            if (group.Contains('(') || group.Contains(')'))
            {
                throw new QuizFormatException(line, $"key idea \"{expression}\": brackets go round a whole group, as in '(a / b) & (c / d)'");
            }
            var alternatives = group.Split(AlternativeSeparator).Select(alt => alt.Trim()).ToList();
            foreach (var alternative in alternatives)
            {
                Check(expression, alternative, line);
            }
            groups.Add(alternatives);
        }
        return groups;
    }

    private static void Check(string expression, string alternative, int line)
    {
        var words = alternative.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // A separator left standing ("a /", "& b") means an alternative or group is missing beside it.
        if (words.Length == 0 || (words.Length == 1 && words[0] == "not") || words.Any(word => word is "/" or "&"))
        {
            throw new QuizFormatException(line, $"key idea \"{expression}\" has an empty alternative or group");
        }
        if (words.Any(word => word.TrimEnd('*').Contains('*') || word == "*"))
        {
            throw new QuizFormatException(line, $"key idea \"{expression}\": a wildcard '*' ends a word, as in 'generali*'");
        }
    }
}
