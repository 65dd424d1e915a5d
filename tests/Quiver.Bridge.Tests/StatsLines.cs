namespace Quiver.Bridge.Tests;

internal static class StatsLines
{
    /// <summary>The numbers of a "stats:" line, by the word after each ("12 messages" -> messages = 12), and the bridge's reconnects.</summary>
    public static Dictionary<string, long> Counters(List<string> stats, string what)
    {
        var counters = new Dictionary<string, long>();
        string line = stats.Single(s => s.StartsWith("stats: " + what, StringComparison.Ordinal));
        line = line[("stats: ".Length + what.Length)..];
        var words = line.Replace(",", " ").Replace("(", " ").Replace(")", " ").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        for (int i = 0; i + 1 < words.Length; i++)
        {
            if (long.TryParse(words[i], out long value))
                counters.TryAdd(words[i + 1], value);
        }
        var reconnects = stats.Single(s => s.EndsWith(" reconnects", StringComparison.Ordinal));
        counters["reconnects"] = long.Parse(reconnects.Split(' ')[1]);
        return counters;
    }
}
