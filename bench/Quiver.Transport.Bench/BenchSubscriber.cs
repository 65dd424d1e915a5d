using System.Diagnostics;
using System.Buffers.Binary;
using Quiver.Transport.TestPeer;

namespace Quiver.Transport.Bench;

/// <summary>
/// The subscribing child. "latency": for each sample, now minus the Stopwatch timestamp the
/// publisher wrote in its first 8 bytes (CLOCK_MONOTONIC is system-wide on Linux, so the two
/// processes' clocks agree). "throughput": counts samples and bytes allocated per sample.
/// Samples are taken as leases (<see cref="Subscriber.TryTake(out SampleLease, TimeSpan)"/>, the
/// zero-allocation path); "objects-throughput" receives <see cref="ReceivedSample"/> objects instead,
/// for comparison. The "typed-" modes do the same over Topic.Subscribe&lt;Image&gt; through leases
/// (<see cref="Subscriber{T}.TryTake"/>); "typed-objects-throughput" through
/// <see cref="Subscriber{T}.Receive"/>.
/// Prints one RESULT line when the publisher leaves. "soak": <see cref="MixedSoak.Subscribe"/>.
/// </summary>
internal static class BenchSubscriber
{
    /// <summary>
    /// Latency samples the publisher sends before the measured ones (<see cref="TransportBenchmark"/>).
    /// They are not counted: the first sample of a fresh process pays for compiling the receive path
    /// (tens of milliseconds with tiering off), which would otherwise be the p99.
    /// </summary>
    public const int WarmUpSamples = 10;

    /// <summary>
    /// The warm-up of <see cref="TransportBenchmark.QuiverLatency"/>'s rows, where a sample costs
    /// microseconds whatever its size. A fresh child starts on whichever core, and when that is the
    /// sender's, the two spin on one core until the kernel moves one of them: with 10 warm-up samples
    /// about one ring row in five measured that placement (~3.5 µs, a context switch per sample)
    /// rather than the path. 2,000 samples take 10–80 ms, time for the kernel to spread them.
    /// </summary>
    public const int SteadyStateWarmUp = 2000;

    /// <summary>Throughput is measured from this sample on, after the warm-up.</summary>
    private const int ThroughputWarmUp = 1000;

    /// <param name="path">The notification path to offer (absent: the default).</param>
    /// <param name="spinMicroseconds">SubscriberOptions.SpinBeforeWait in µs (absent: the default).</param>
    /// <param name="warmUp">Latency samples not recorded (absent: <see cref="WarmUpSamples"/>).</param>
    public static int Run(string topic, string mode, string? path = null, string? spinMicroseconds = null, string? warmUp = null)
    {
        int unrecorded = warmUp is null ? WarmUpSamples : int.Parse(warmUp);
        var options = new SubscriberOptions();
        if (path is not null)
            options = options with { Notification = Enum.Parse<NotificationPath>(path) };
        if (spinMicroseconds is not null)
            options = options with { SpinBeforeWait = TimeSpan.FromMicroseconds(double.Parse(spinMicroseconds)) };
        if (mode.StartsWith("typed-", StringComparison.Ordinal))
            return RunTyped(topic, mode, options, unrecorded);
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
        var recorder = new Recorder(mode == "latency", unrecorded);
        if (mode == "objects-throughput")
        {
            while (subscriber.Receive(TimeSpan.FromMinutes(5)) is { } sample)
            {
                long now = Stopwatch.GetTimestamp();
                long sentAt;
                using (sample)
                    sentAt = BinaryPrimitives.ReadInt64LittleEndian(sample.Span);
                recorder.Record(sentAt, now);
            }
        }
        else
        {
            while (subscriber.TryTake(out var lease, TimeSpan.FromMinutes(5)))
            {
                long now = Stopwatch.GetTimestamp();
                long sentAt;
                using (lease)
                    sentAt = BinaryPrimitives.ReadInt64LittleEndian(lease.Span);
                recorder.Record(sentAt, now);
            }
            if (!subscriber.IsCompleted)
                throw new TimeoutException("No sample within 5 minutes.");
        }
        recorder.PrintResult();
        return 0;
    }

    private static int RunTyped(string topic, string mode, SubscriberOptions options, int warmUp)
    {
        using var subscriber = Topic.Subscribe<Vision.Image>(topic, options);
        Console.WriteLine("READY");
        Console.Out.Flush();
        var recorder = new Recorder(mode == "typed-latency", warmUp);
        if (mode == "typed-objects-throughput")
        {
            while (subscriber.Receive(TimeSpan.FromMinutes(5)) is { } messages)
            {
                long now = Stopwatch.GetTimestamp();
                long sentAt;
                using (messages)
                    sentAt = TypedImages.SentAt(messages.Message);
                recorder.Record(sentAt, now);
            }
        }
        else
        {
            while (subscriber.TryTake(out var lease, TimeSpan.FromMinutes(5)))
            {
                long now = Stopwatch.GetTimestamp();
                long sentAt;
                using (lease)
                    sentAt = TypedImages.SentAt(lease.Message);
                recorder.Record(sentAt, now);
            }
            if (!subscriber.IsCompleted)
                throw new TimeoutException("No message within 5 minutes.");
        }
        recorder.PrintResult();
        return 0;
    }

    /// <summary>Latencies after the warm-up, or the rate and bytes allocated per sample after the throughput warm-up.</summary>
    internal sealed class Recorder(bool latency, int warmUp = WarmUpSamples)
    {
        private readonly List<double> _latencies = new(100_000);
        private long _count;
        private long _allocatedAtFirst;
        private long _firstAt;
        private long _lastAt;

        public void Record(long sentAt, long now)
        {
            if (latency && _count >= warmUp)
                _latencies.Add(Latencies.Between(sentAt, now));
            if (_count++ == ThroughputWarmUp)
            {
                _allocatedAtFirst = GC.GetTotalAllocatedBytes(precise: true);
                _firstAt = now;
            }
            _lastAt = now;
        }

        public void PrintResult()
        {
            if (latency)
            {
                var (p50, p99) = Latencies.Summarise(_latencies);
                Console.WriteLine($"RESULT {p50} {p99}");
                return;
            }
            long measured = _count - ThroughputWarmUp - 1;
            double perMessage = measured > 0 ? (GC.GetTotalAllocatedBytes(precise: true) - _allocatedAtFirst) / (double)measured : 0;
            double perSecond = measured / Stopwatch.GetElapsedTime(_firstAt, _lastAt).TotalSeconds;
            Console.WriteLine($"RESULT {perSecond} {perMessage}");
        }
    }
}
