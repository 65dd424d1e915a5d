using System.Diagnostics;
using System.Buffers.Binary;
using Quiver.Transport.TestPeer;

namespace Quiver.Transport.Bench;

/// <summary>
/// The subscribing child. "latency": for each sample, now minus the Stopwatch timestamp the
/// publisher wrote in its first 8 bytes (CLOCK_MONOTONIC is system-wide on Linux, so the two
/// processes' clocks agree). "throughput": counts samples and bytes allocated per sample.
/// Prints one RESULT line when the publisher leaves. "soak": <see cref="MixedSoak.Subscribe"/>.
/// </summary>
internal static class BenchSubscriber
{
    /// <param name="path">The notification path to offer (absent: the default).</param>
    /// <param name="spinMicroseconds">SubscriberOptions.SpinBeforeWait in µs (absent: the default).</param>
    public static int Run(string topic, string mode, string? path = null, string? spinMicroseconds = null)
    {
        var options = new SubscriberOptions();
        if (path is not null)
            options = options with { Notification = Enum.Parse<NotificationPath>(path) };
        if (spinMicroseconds is not null)
            options = options with { SpinBeforeWait = TimeSpan.FromMicroseconds(double.Parse(spinMicroseconds)) };
        if (mode.StartsWith("typed-", StringComparison.Ordinal))
            return RunTyped(topic, mode, options);
        using var subscriber = Subscriber.Connect(topic, TransportBenchmark.Contract, options);
        Console.WriteLine("READY");
        Console.Out.Flush();
        if (mode == "soak")
        {
            var totals = MixedSoak.Subscribe(subscriber);
            Console.WriteLine($"END {totals.Received} {totals.Bad} {totals.DropTokensSent}");
            Console.WriteLine($"RSS {string.Join(' ', totals.ResidentSets.Select(set => set.Serialize()))}");
            return 0;
        }
        var latencies = new List<double>(100_000);
        long count = 0;
        long allocatedAtFirst = 0;
        long firstAt = 0, lastAt = 0;
        while (subscriber.Receive(TimeSpan.FromMinutes(5)) is { } sample)
        {
            long now = Stopwatch.GetTimestamp();
            using (sample)
            {
                long sentAt = BinaryPrimitives.ReadInt64LittleEndian(sample.Span);
                if (mode == "latency")
                    latencies.Add(Stopwatch.GetElapsedTime(sentAt, now).TotalNanoseconds);
            }
            if (count++ == 1000)
            {
                allocatedAtFirst = GC.GetTotalAllocatedBytes(precise: true);
                firstAt = now;
            }
            lastAt = now;
        }
        if (mode == "latency")
        {
            var (p50, p99) = Latencies.Summarise(latencies);
            Console.WriteLine($"RESULT {p50} {p99}");
        }
        else
        {
            long measured = count - 1001;
            double perMessage = measured > 0 ? (GC.GetTotalAllocatedBytes(precise: true) - allocatedAtFirst) / (double)measured : 0;
            double perSecond = measured / Stopwatch.GetElapsedTime(firstAt, lastAt).TotalSeconds;
            Console.WriteLine($"RESULT {perSecond} {perMessage}");
        }
        return 0;
    }

    /// <summary>"typed-latency" and "typed-throughput": the same over Topic.Subscribe&lt;Image&gt;, reading the stamp from Data.</summary>
    private static int RunTyped(string topic, string mode, SubscriberOptions options)
    {
        using var subscriber = Topic.Subscribe<Vision.Image>(topic, options);
        Console.WriteLine("READY");
        Console.Out.Flush();
        var latencies = new List<double>(100_000);
        long count = 0, allocatedAtFirst = 0, firstAt = 0, lastAt = 0;
        while (subscriber.Receive(TimeSpan.FromMinutes(5)) is { } messages)
        {
            long now = Stopwatch.GetTimestamp();
            using (messages)
            {
                long sentAt = TypedImages.SentAt(messages);
                if (mode == "typed-latency")
                    latencies.Add(Stopwatch.GetElapsedTime(sentAt, now).TotalNanoseconds);
            }
            if (count++ == 1000)
            {
                allocatedAtFirst = GC.GetTotalAllocatedBytes(precise: true);
                firstAt = now;
            }
            lastAt = now;
        }
        if (mode == "typed-latency")
        {
            var (p50, p99) = Latencies.Summarise(latencies);
            Console.WriteLine($"RESULT {p50} {p99}");
        }
        else
        {
            long measured = count - 1001;
            double perMessage = measured > 0 ? (GC.GetTotalAllocatedBytes(precise: true) - allocatedAtFirst) / (double)measured : 0;
            Console.WriteLine($"RESULT {measured / Stopwatch.GetElapsedTime(firstAt, lastAt).TotalSeconds} {perMessage}");
        }
        return 0;
    }
}
