namespace SiteBuilder.Quiz;

/// <summary>
/// A wrong idea that sounds right, listed under <c>Wrong if:</c>: written like a key idea (alternatives, relations,
/// denials), and when an answer states it, the answer earns nothing and the learner reads <see cref="Feedback"/>.
/// </summary>
public sealed record Misconception(string Expression, IReadOnlyList<IReadOnlyList<string>> Groups, string Feedback)
{
    public override string ToString() => Expression;
}
