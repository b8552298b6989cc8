namespace SiteBuilder.Quiz;

/// <summary>A quiz block that does not follow the syntax; <see cref="Line"/> is 1-based.</summary>
public sealed class QuizFormatException(int line, string message) : Exception(message)
{
    public int Line { get; } = line;
}
