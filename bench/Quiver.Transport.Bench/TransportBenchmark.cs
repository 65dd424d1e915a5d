using System.Buffers.Binary;
using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Quiver.SharedMemory;
using Vision;

namespace Quiver.Transport.Bench;

/// <summary>
/// Runs the publisher side of every measurement against a child subscriber process and prints a
/// markdown report: one-way latency per payload size for Quiver and for the socket copy baseline
/// in the same run, each over the shared-memory ring and over socket notification, then
/// small-message throughput and allocations per received message on both paths.
/// </summary>
internal static class TransportBenchmark
{
    public static readonly TopicContract Contract = new("bench.Bytes", 0x5EED5EED5EED5EED, Array.Empty<byte>());
    private static readonly int[] Sizes = [64, 4 << 10, 1 << 20, 16 << 20, 64 << 20];

    public static int Run(bool quick, TimeSpan? spin, TimeSpan idle)
    {
        string directory = Path.Combine(Path.GetTempPath(), $"quiver-bench-{Environment.ProcessId}");
        Environment.SetEnvironmentVariable(RuntimeDirectory.OverrideVariable, directory);
        string spinArgument = ((spin ?? new SubscriberOptions().SpinBeforeWait).Ticks / 10).ToString();
        try
        {
            var report = new StringBuilder();
            report.AppendLine($"Quiver transport, {DateTime.UtcNow:yyyy-MM-dd}, {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}, ring spin {spinArgument} µs{(idle > TimeSpan.Zero ? $", sender idle {idle.TotalMilliseconds} ms before each latency sample" : "")}");
            report.AppendLine();
            report.AppendLine("| payload | typed ring p50 / p99 | raw ring p50 / p99 | typed socket-notified p50 / p99 | raw socket-notified p50 / p99 | socket copy p50 / p99 | copy / typed ring (p50) | copy / raw ring (p50) |");
            report.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|");
            // The first measurement of a run comes out slower on every path (processes and caches
            // starting up); a short unrecorded round takes that instead of the first row.
            foreach (var path in Paths)
            {
                QuiverLatency(64, 200, typed: true, path, spinArgument, idle);
                QuiverLatency(64, 200, typed: false, path, spinArgument, idle);
            }
            SocketLatency(directory, 64, 200, idle);
            foreach (int size in Sizes)
            {
                int messages = quick ? (size >= 16 << 20 ? 10 : 200) : (size >= 16 << 20 ? 50 : 2000);
                var typedRing = QuiverLatency(size, messages, typed: true, NotificationPath.SharedMemoryRing, spinArgument, idle);
                var rawRing = QuiverLatency(size, messages, typed: false, NotificationPath.SharedMemoryRing, spinArgument, idle);
                var typedSocket = QuiverLatency(size, messages, typed: true, NotificationPath.Socket, spinArgument, idle);
                var rawSocket = QuiverLatency(size, messages, typed: false, NotificationPath.Socket, spinArgument, idle);
                var copy = SocketLatency(directory, size, messages, idle);
                report.AppendLine($"| {Latencies.FormatSize(size)} | {Pair(typedRing)} | {Pair(rawRing)} | {Pair(typedSocket)} | {Pair(rawSocket)} | {Pair(copy)} | " +
                                  $"{copy.P50 / typedRing.P50:F1}x | {copy.P50 / rawRing.P50:F1}x |");
            }
            report.AppendLine();
            int count = quick ? 100_000 : 1_000_000;
            report.AppendLine("| small messages, one subscriber | notification | messages/s | bytes allocated per received message |");
            report.AppendLine("|---|---|---:|---:|");
            foreach (var path in Paths)
            {
                foreach (var receive in (string[])["typed-throughput", "typed-objects-throughput", "throughput", "objects-throughput"])
                {
                    var (perSecond, allocated) = Throughput(count, receive, path, spinArgument);
                    report.AppendLine($"| {DescribeReceive(receive)} | {Describe(path)} | {perSecond:N0} | {allocated:F0} |");
                }
            }
            Console.WriteLine(report);
            return 0;
        }
        finally
        {
            if (Directory.Exists(directory))
                Directory.Delete(directory, recursive: true);
        }
    }

    private static readonly NotificationPath[] Paths = [NotificationPath.SharedMemoryRing, NotificationPath.Socket];

    private static string Describe(NotificationPath path) => path == NotificationPath.SharedMemoryRing ? "ring" : "socket-notified";

    private static string DescribeReceive(string mode) => mode switch
    {
        "typed-throughput" => "typed Image (64 B of Data), `TryTake` leases",
        "typed-objects-throughput" => "typed Image (64 B of Data), `Receive` objects",
        "throughput" => "raw 64 B samples, `TryTake` leases",
        _ => "raw 64 B samples, `Receive` objects",
    };

    private static string Pair((double P50, double P99) latency) => $"{Latencies.Format(latency.P50)} / {Latencies.Format(latency.P99)}";

    internal static (double P50, double P99) QuiverLatency(int size, int messages, bool typed, NotificationPath path, string spin, TimeSpan idle)
    {
        string topic = $"bench/{(typed ? "typed" : "raw")}{size}";
        var options = new PublisherOptions
        {
            Pool = new SampleAllocatorOptions { SegmentSize = Math.Max(16 << 20, size + 4096L), MaxSegments = 4, MaxBytes = 1L << 30 },
            HeldWarningAfter = Timeout.InfiniteTimeSpan,
            Notification = path,
        };
        // The typed publisher is a view over its transport publisher; disposing the latter ends both.
        var images = typed ? Topic.Publish<Image>(topic, options) : null;
        using var publisher = images?.Transport ?? Publisher.Create(topic, Contract, options);
        const int warmUp = BenchSubscriber.SteadyStateWarmUp;
        using var child = Child.Start("quiver-subscriber", topic, typed ? "typed-latency" : "latency", path.ToString(), spin, warmUp.ToString());
        Wait(publisher.WaitForSubscribers(1, TimeSpan.FromSeconds(30)), "subscriber");
        for (int i = 0; i < messages + warmUp; i++)
        {
            // The warm-up goes back to back even with --idle: it is there to settle, not to measure.
            if (i >= warmUp)
                PauseBeforeSample(idle);
            // The payload is written in place by the producer in real use; only the timestamp is written here.
            if (images is not null)
            {
                TypedImages.Send(images, size);
            }
            else
            {
                using var loan = publisher.Loan(size);
                BinaryPrimitives.WriteInt64LittleEndian(loan.Span, Stopwatch.GetTimestamp());
                publisher.Send(loan);
            }
            WaitForReleaseSpinning(publisher);
        }
        publisher.Dispose();
        return child.Result();
    }

    /// <summary>
    /// Waits for the sample's release by polling, as the receiver spins for the next sample: the
    /// next sample then follows the release within the receiver's spin. A sender that sleeps until
    /// its drop pump wakes it (receiver's release, pump, sender: two wake-ups) took longer than the
    /// receiver's 50 µs spin whenever the machine was busy, and its rows measured a receiver gone to
    /// sleep instead (the ~7 µs mode of earlier runs; --idle measures that case on purpose).
    /// Gives its core away every microsecond, as the receiver's spin does, so a receiver sharing it
    /// (a busy machine) still runs.
    /// </summary>
    internal static void WaitForReleaseSpinning(Publisher publisher)
    {
        long now = Stopwatch.GetTimestamp();
        long giveUpAt = now + 30 * Stopwatch.Frequency;
        long yieldAt = now + YieldEvery;
        while (!publisher.WaitForInFlight(0, TimeSpan.Zero))
        {
            now = Stopwatch.GetTimestamp();
            if (now > giveUpAt)
                throw new TimeoutException("Timed out waiting for release.");
            if (now >= yieldAt)
            {
                Thread.Yield();
                yieldAt = Stopwatch.GetTimestamp() + YieldEvery;
            }
            Thread.SpinWait(1);
        }
    }

    private static readonly long YieldEvery = Stopwatch.Frequency / 1_000_000;

    internal static (double P50, double P99) SocketLatency(string directory, int size, int messages, TimeSpan idle)
    {
        string path = Path.Combine(directory, "baseline.sock");
        File.Delete(path);
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen(1);
        using var child = Child.Start("socket-receiver", path, size.ToString());
        using var connection = listener.Accept();
        var payload = new byte[size];
        Random.Shared.NextBytes(payload);
        for (int i = 0; i < messages + BenchSubscriber.WarmUpSamples; i++)
        {
            PauseBeforeSample(idle);
            SocketBaseline.Send(connection, payload, size);
        }
        connection.Shutdown(SocketShutdown.Both);
        var result = child.Result();
        File.Delete(path);
        return result;
    }

    /// <summary>
    /// With --idle, every path's receiver has long gone to sleep (and its core idle) when the next
    /// message comes, as between camera frames; without it the next message follows the release at once.
    /// </summary>
    private static void PauseBeforeSample(TimeSpan idle)
    {
        if (idle > TimeSpan.Zero)
            Thread.Sleep(idle);
    }

    internal static (double PerSecond, double Allocated) Throughput(int messages, string mode, NotificationPath path, string spin)
    {
        bool typed = mode.StartsWith("typed-", StringComparison.Ordinal);
        string topic = typed ? "bench/typed-throughput" : "bench/throughput";
        var options = new PublisherOptions
        {
            QueueDepth = 4096,
            WhenExhausted = ExhaustionPolicy.Block,
            HeldWarningAfter = Timeout.InfiniteTimeSpan,
            Notification = path,
        };
        // The typed publisher is a view over its transport publisher; disposing the latter ends both.
        var images = typed ? Topic.Publish<Image>(topic, options) : null;
        using var publisher = images?.Transport ?? Publisher.Create(topic, Contract, options);
        using var child = Child.Start("quiver-subscriber", topic, mode, path.ToString(), spin);
        Wait(publisher.WaitForSubscribers(1, TimeSpan.FromSeconds(30)), "subscriber");
        for (int i = 0; i < messages; i++)
        {
            // Keep within the queue depth so no message is skipped.
            if (i % 1024 == 0)
                Wait(publisher.WaitForInFlight(2048, TimeSpan.FromSeconds(30)), "releases");
            if (images is not null)
            {
                TypedImages.Send(images, 64);
                continue;
            }
            var loan = publisher.Loan(64);
            BinaryPrimitives.WriteInt64LittleEndian(loan.Span, Stopwatch.GetTimestamp());
            publisher.Send(loan);
        }
        Wait(publisher.WaitForInFlight(0, TimeSpan.FromSeconds(60)), "final releases");
        if (publisher.GetStats().Skipped != 0)
            throw new InvalidOperationException("Messages were skipped; the throughput figure would be wrong.");
        publisher.Dispose();
        var (perSecond, allocated) = child.Result();
        return (perSecond, allocated);
    }

    private static void Wait(bool reached, string what)
    {
        if (!reached)
            throw new TimeoutException($"Timed out waiting for {what}.");
    }
}
