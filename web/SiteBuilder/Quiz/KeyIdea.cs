namespace SiteBuilder.Quiz;

/// <summary>
/// One idea a good answer states. <see cref="Groups"/> holds what must be said: any one alternative of each group,
/// and with two or more groups the terms must be said together (a relation, <c>x &amp; independent</c>).
/// An alternative that starts with <c>not</c> must be stated negated.
/// </summary>
public sealed record KeyIdea(string Expression, IReadOnlyList<IReadOnlyList<string>> Groups, string? Found, string? Hint)
{
    public override string ToString() => Expression;
}
