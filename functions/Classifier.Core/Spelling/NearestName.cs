namespace Classifier.Core.Spelling;

/// <summary>The known name a misspelt one most likely meant ('padMode' for "padmode"), by edit distance, ignoring case.</summary>
public static class NearestName
{
    /// <summary>The nearest of <paramref name="known"/>, or null when none is within a third of the name's length (at least 2 edits).</summary>
    public static string? Find(string name, IEnumerable<string> known)
    {
        var lower = name.ToLowerInvariant();
        var best = known.MinBy(k => Distance(lower, k.ToLowerInvariant()));
        return best is not null && Distance(lower, best.ToLowerInvariant()) <= Math.Max(2, name.Length / 3) ? best : null;
    }

    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            previous = current;
        }
        return previous[b.Length];
    }
}
