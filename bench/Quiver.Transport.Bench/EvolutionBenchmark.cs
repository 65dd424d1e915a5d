using System.Text;
using Quiver.SharedMemory;
using Vision;

namespace Quiver.Transport.Bench;

/// <summary>
/// <c>-- --evolution [--quick]</c>: what reading through a schema evolution column map costs. The
/// same vision.Image subscriber (a child process, leases) receives 64 B images from a publisher
/// with its own schema (identical fingerprints: today's path) and from one with a compatible later
/// version (<see cref="EvolvedImages"/>), in the same run, over the ring: one-way latency, then
/// throughput and bytes allocated per received message. Prints a markdown table with the ratios.
/// </summary>
internal static class EvolutionBenchmark
{
    public static int Run(bool quick)
    {
        string directory = Path.Combine(Path.GetTempPath(), $"quiver-bench-{Environment.ProcessId}");
        Environment.SetEnvironmentVariable(RuntimeDirectory.OverrideVariable, directory);
        string spin = (new SubscriberOptions().SpinBeforeWait.Ticks / 10).ToString();
        int latencyMessages = quick ? 300 : 2000;
        int throughputMessages = quick ? 30_000 : 200_000;
        try
        {
            // An unrecorded round first: the first measurement of a run pays for starting up.
            Latency(evolved: false, 200, spin);
            var identical = (Latency: Latency(evolved: false, latencyMessages, spin), Throughput: Throughput(evolved: false, throughputMessages, spin));
            var evolved = (Latency: Latency(evolved: true, latencyMessages, spin), Throughput: Throughput(evolved: true, throughputMessages, spin));
            var report = new StringBuilder();
            report.AppendLine($"Quiver schema evolution, {DateTime.UtcNow:yyyy-MM-dd}, {Environment.ProcessorCount} cores, .NET {Environment.Version}, ring spin {spin} µs, typed Image (64 B of Data), `TryTake` leases");
            report.AppendLine();
            report.AppendLine("| publisher's schema | p50 / p99 | messages/s | bytes allocated per received message |");
            report.AppendLine("|---|---:|---:|---:|");
            report.AppendLine($"| identical (today's path) | {Latencies.Format(identical.Latency.P50)} / {Latencies.Format(identical.Latency.P99)} | {identical.Throughput.PerSecond:N0} | {identical.Throughput.Allocated:F0} |");
            report.AppendLine($"| evolved (column map) | {Latencies.Format(evolved.Latency.P50)} / {Latencies.Format(evolved.Latency.P99)} | {evolved.Throughput.PerSecond:N0} | {evolved.Throughput.Allocated:F0} |");
            report.AppendLine($"| evolved / identical | {evolved.Latency.P50 / identical.Latency.P50:F2}x / {evolved.Latency.P99 / identical.Latency.P99:F2}x | {evolved.Throughput.PerSecond / identical.Throughput.PerSecond:F2}x | |");
            Console.WriteLine(report);
            return 0;
        }
        finally
        {
            if (Directory.Exists(directory))
                Directory.Delete(directory, recursive: true);
        }
    }

    private static (double P50, double P99) Latency(bool evolved, int messages, string spin)
    {
        string topic = $"bench/evolution-latency-{evolved}";
        var options = new PublisherOptions { HeldWarningAfter = Timeout.InfiniteTimeSpan };
        var sender = Sender(topic, evolved, options, out var publisher);
        using (publisher)
        {
            using var child = Child.Start("quiver-subscriber", topic, "typed-latency", NotificationPath.SharedMemoryRing.ToString(), spin);
            Expect(publisher.WaitForSubscribers(1, TimeSpan.FromSeconds(30)), "subscriber");
            for (int i = 0; i < messages + BenchSubscriber.WarmUpSamples; i++)
            {
                sender();
                Expect(publisher.WaitForInFlight(0, TimeSpan.FromSeconds(30)), "release");
            }
            publisher.Dispose();
            return child.Result();
        }
    }

    private static (double PerSecond, double Allocated) Throughput(bool evolved, int messages, string spin)
    {
        string topic = $"bench/evolution-throughput-{evolved}";
        var options = new PublisherOptions { QueueDepth = 4096, WhenExhausted = ExhaustionPolicy.Block, HeldWarningAfter = Timeout.InfiniteTimeSpan };
        var sender = Sender(topic, evolved, options, out var publisher);
        using (publisher)
        {
            using var child = Child.Start("quiver-subscriber", topic, "typed-throughput", NotificationPath.SharedMemoryRing.ToString(), spin);
            Expect(publisher.WaitForSubscribers(1, TimeSpan.FromSeconds(30)), "subscriber");
            for (int i = 0; i < messages; i++)
            {
                if (i % 1024 == 0)
                    Expect(publisher.WaitForInFlight(2048, TimeSpan.FromSeconds(30)), "releases");
                sender();
            }
            Expect(publisher.WaitForInFlight(0, TimeSpan.FromSeconds(60)), "final releases");
            if (publisher.GetStats().Skipped != 0)
                throw new InvalidOperationException("Messages were skipped; the throughput figure would be wrong.");
            publisher.Dispose();
            return child.Result();
        }
    }

    /// <summary>Sends one 64 B image in the chosen schema; <paramref name="publisher"/> is the transport under it.</summary>
    private static Action Sender(string topic, bool evolved, PublisherOptions options, out Publisher publisher)
    {
        if (evolved)
        {
            var images = EvolvedImages.Publish(topic, options);
            publisher = images.Transport;
            return () => EvolvedImages.Send(images, 64);
        }
        var own = Topic.Publish<Image>(topic, options);
        publisher = own.Transport;
        return () => TypedImages.Send(own, 64);
    }

    private static void Expect(bool reached, string what)
    {
        if (!reached)
            throw new TimeoutException($"Timed out waiting for {what}.");
    }
}
