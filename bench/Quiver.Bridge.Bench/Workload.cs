using System.Diagnostics;

namespace Quiver.Bridge.Bench;

/// <summary>One payload size: how many messages, how far apart for latency (the link idle between them), how many back to back for throughput.</summary>
internal sealed record Workload(int Size, int LatencyCount, TimeSpan Interval, int ThroughputCount)
{
    public static readonly Workload[] All =
    [
        new(64, 300, TimeSpan.FromMilliseconds(1), 20_000),
        new(1 << 20, 100, TimeSpan.FromMilliseconds(5), 300),
        new(16 << 20, 20, TimeSpan.FromMilliseconds(80), 30),
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

/// <summary>What one path did for one workload: latency percentiles from the paced run, throughput from the back-to-back run.</summary>
internal sealed record Measurement(double P50, double P99, double BytesPerSecond, int Delivered, int Sent);
