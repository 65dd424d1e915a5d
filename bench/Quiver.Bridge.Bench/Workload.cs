using System.Diagnostics;
using Quiver.Transport.Bench;

namespace Quiver.Bridge.Bench;

/// <summary>One payload size: how many messages, how far apart for latency (the link idle between them), how many back to back for throughput.</summary>
internal sealed record Workload(int Size, int LatencyCount, TimeSpan Interval, int ThroughputCount)
{
    public static readonly Workload[] Core =
    [
        new(64, 1000, TimeSpan.FromMilliseconds(1), 200_000),
        new(1 << 20, 200, TimeSpan.FromMilliseconds(5), 300),
        new(16 << 20, 20, TimeSpan.FromMilliseconds(80), 30),
    ];

    /// <summary>The same payloads through JetStream, which stores each message before it is delivered: fewer and further apart, so the run stays short.</summary>
    public static readonly Workload[] Reliable =
    [
        new(64, 200, TimeSpan.FromMilliseconds(2), 2_000),
        new(1 << 20, 50, TimeSpan.FromMilliseconds(20), 100),
        new(16 << 20, 10, TimeSpan.FromMilliseconds(200), 10),
    ];

    /// <summary>Stamps the payload with the sender's monotonic clock.</summary>
    public static void Stamp(Span<byte> payload) => BitConverter.TryWriteBytes(payload, Stopwatch.GetTimestamp());

    public static byte[] Payload(int size)
    {
        var payload = new byte[size];
        Random.Shared.NextBytes(payload);
        return payload;
    }
}

/// <summary>One run of a path: the one-way latency of every message delivered (Stopwatch ticks, nanoseconds on Linux), when sending started, when the last message arrived, how many were sent.</summary>
internal sealed record PathRun(List<long> Latencies, long Started, long Last, int Sent);

/// <summary>What one path did for one workload: latency percentiles from the paced run, throughput from the back-to-back run.</summary>
internal sealed record Measurement(double P50, double P99, double BytesPerSecond, int Delivered, int Sent)
{
    public static Measurement Of(int size, PathRun paced, PathRun backToBack)
    {
        var (p50, p99) = Latencies.Summarise(paced.Latencies.Select(ns => (double)ns).ToList());
        int delivered = backToBack.Latencies.Count;
        return new Measurement(p50, p99, delivered * (double)size / Stopwatch.GetElapsedTime(backToBack.Started, backToBack.Last).TotalSeconds, delivered, backToBack.Sent);
    }
}
