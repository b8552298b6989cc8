namespace SiteBuilder.Quiz;

/// <summary>Reads the <c>Key ideas: a; b / b2; c</c> line that ends every question block.</summary>
public static class KeyIdeasLine
{
    public const string Prefix = "Key ideas:";
    public const int MinIdeas = 2;
    public const int MaxIdeas = 5;

    public static bool StartsKeyIdeas(string text) => text.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>Splits the line into ideas and alternatives; throws when the count or an idea is off.</summary>
    public static IReadOnlyList<KeyIdea> Parse(string text, int line)
    {
        var body = text[Prefix.Length..];
        var ideas = body.Split(';')
            .Select(idea => idea.Split(" / ").Select(alt => alt.Trim()).ToList())
            .ToList();
        if (ideas.Any(alternatives => alternatives.Any(alt => alt.Length == 0)))
        {
            throw new QuizFormatException(line, $"'{Prefix}' has an empty idea or alternative: \"{text.Trim()}\"");
        }
        if (ideas.Count is < MinIdeas or > MaxIdeas)
        {
            throw new QuizFormatException(line,
                $"'{Prefix}' lists {ideas.Count} idea(s); write {MinIdeas} to {MaxIdeas}, separated by ';'");
        }
        return ideas.Select(alternatives => new KeyIdea(alternatives)).ToList();
    }
}
