namespace Quiver.Generator.Semantics;

/// <summary>"Did you mean" candidates by edit distance (insert, delete, substitute, swap two neighbours).</summary>
internal static class NameSuggestions
{
    /// <summary>
    /// The candidate closest to <paramref name="written"/>, if within about a third of its length
    /// (so one- and two-letter names get no suggestion: any other short name would be "close");
    /// ties go to the ordinally smallest so results do not depend on input order.
    /// </summary>
    public static string? Closest(string written, IEnumerable<string> candidates)
    {
        var limit = (written.Length + 1) / 3;
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates.Distinct(StringComparer.Ordinal).OrderBy(c => c, StringComparer.Ordinal))
        {
            if (candidate == written)
                continue;
            var distance = Distance(written, candidate);
            if (distance <= limit && distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }
        return best;
    }

    /// <summary>Optimal string alignment distance; a case-only difference costs as much as any other.</summary>
    internal static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
            d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++)
            d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var best = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    best = Math.Min(best, d[i - 2, j - 2] + 1);
                d[i, j] = best;
            }
        }
        return d[a.Length, b.Length];
    }
}
