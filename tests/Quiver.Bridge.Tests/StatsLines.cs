namespace Quiver.Bridge.Tests;

internal static class StatsLines
{
    /// <summary>
    /// The numbers of the last "stats:" line about <paramref name="what"/> (a bridge run with
    /// --stats prints them periodically and once more on exit, last), and the bridge's reconnects.
    /// </summary>
    public static Dictionary<string, long> Counters(List<string> stats, string what)
    {
        var counters = Numbers(stats.Last(s => s.StartsWith("stats: " + what, StringComparison.Ordinal)), what);
        var reconnects = stats.Last(s => s.EndsWith(" reconnects", StringComparison.Ordinal));
        counters["reconnects"] = long.Parse(reconnects.Split(' ')[1]);
        return counters;
    }

    /// <summary>
    /// Reads a bridge's periodic "stats:" lines (--stats) until the one about <paramref name="what"/>
    /// satisfies <paramref name="holds"/>, and returns its numbers. The lines keep coming if it never
    /// does, so a deadline fails the test.
    /// </summary>
    public static Dictionary<string, long> WaitFor(LineProcess bridge, string what, Func<string, bool> holds, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        while (true)
        {
            string line = bridge.Expect("stats: " + what, "stats: ");
            if (holds(line))
                return Numbers(line, what);
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"The bridge's stats did not get there within {patience}: '{line}'. Its stderr: {bridge.StandardError}");
        }
    }

    /// <summary>The numbers of one "stats:" line, by the word after each ("12 messages" -> messages = 12).</summary>
    public static Dictionary<string, long> Numbers(string line, string what)
    {
        var counters = new Dictionary<string, long>();
        line = line[("stats: ".Length + what.Length)..];
        var words = line.Replace(",", " ").Replace("(", " ").Replace(")", " ").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        for (int i = 0; i + 1 < words.Length; i++)
        {
            if (long.TryParse(words[i], out long value))
                counters.TryAdd(words[i + 1], value);
        }
        return counters;
    }
}
