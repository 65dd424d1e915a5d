namespace Quiver.Transport.Bench;

/// <summary>One-way latencies in nanoseconds, summarised as percentiles.</summary>
internal static class Latencies
{
    public static (double P50, double P99) Summarise(List<double> nanoseconds)
    {
        var sorted = nanoseconds.Order().ToArray();
        return (sorted[sorted.Length / 2], sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * 0.99))]);
    }

    public static string Format(double ns) =>
        ns >= 1_000_000 ? $"{ns / 1_000_000:F2} ms" : ns >= 1_000 ? $"{ns / 1_000:F1} µs" : $"{ns:F0} ns";

    public static string FormatSize(int bytes) =>
        bytes >= 1 << 20 ? $"{bytes >> 20} MiB" : bytes >= 1 << 10 ? $"{bytes >> 10} KiB" : $"{bytes} B";
}
