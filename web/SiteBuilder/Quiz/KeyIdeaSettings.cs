namespace SiteBuilder.Quiz;

/// <summary>
/// A question's grading settings: how many ideas make a full answer (default all), the pass mark, and which
/// ideas (1-based, inclusive) are steps that must come in their written order.
/// </summary>
public sealed record KeyIdeaSettings(int? Need, double PassMark, (int From, int To)? Order = null)
{
    public const double DefaultPassMark = 0.7;

    public static KeyIdeaSettings Default { get; } = new(null, DefaultPassMark);
}
