using System.Diagnostics;

namespace Quiver.Transport.Bench;

/// <summary>One-way latencies in nanoseconds, summarised as percentiles.</summary>
internal static class Latencies
{
    public static (double P50, double P99) Summarise(List<double> nanoseconds)
    {
        var sorted = nanoseconds.Order().ToArray();
        return (sorted[sorted.Length / 2], sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * 0.99))]);
    }

    /// <summary>
    /// Nanoseconds between two Stopwatch readings, at the clock's full resolution: a TimeSpan
    /// (Stopwatch.GetElapsedTime) truncates to 100 ns, which is a third of a ring's latency.
    /// </summary>
    public static double Between(long from, long to) => (to - from) * 1e9 / Stopwatch.Frequency;

    /// <summary>Nanoseconds since a Stopwatch reading, at the clock's full resolution.</summary>
    public static double Since(long from) => Between(from, Stopwatch.GetTimestamp());

    public static string Format(double ns) =>
        ns >= 1_000_000 ? $"{ns / 1_000_000:F2} ms" : ns >= 10_000 ? $"{ns / 1_000:F1} µs" : ns >= 1_000 ? $"{ns / 1_000:F2} µs" : $"{ns:F0} ns";

    public static string FormatSize(int bytes) =>
        bytes >= 1 << 20 ? $"{bytes >> 20} MiB" : bytes >= 1 << 10 ? $"{bytes >> 10} KiB" : $"{bytes} B";
}
