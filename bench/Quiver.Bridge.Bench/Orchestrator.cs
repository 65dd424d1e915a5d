using System.Diagnostics;
using Quiver.Bridge.Tests;
using Quiver.Transport;
using Quiver.Transport.Bench;

namespace Quiver.Bridge.Bench;

/// <summary>Sets up the cluster and the two hosts, runs every workload over both paths, prints the tables.</summary>
internal static class Orchestrator
{
    public static async Task<int> RunAsync()
    {
        if (OperatingSystem.IsWindows())
            throw new PlatformNotSupportedException("Quiver's transport runs on Linux.");
        string root = Path.Combine(Path.GetTempPath(), $"qvbb-{Environment.ProcessId}");
        string hostA = Path.Combine(root, "a"), hostB = Path.Combine(root, "b");
        foreach (var directory in new[] { hostA, hostB })
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        string config = Path.Combine(root, "nats.conf");
        // The bare path sends each message whole, so the servers take 16 MiB (the bridge still cuts 1 MiB chunks).
        File.WriteAllText(config, "max_payload: 67108864\n");
        Environment.SetEnvironmentVariable(RuntimeDirectory.OverrideVariable, hostA);
        try
        {
            using var cluster = new NatsCluster(3, "-c", config);
            var warmUp = new Workload(1000, 500, TimeSpan.FromMilliseconds(1), 2000);
            var topics = Workload.All.Prepend(warmUp).SelectMany(w => new[] { Topic(w, "latency"), Topic(w, "throughput") }).ToList();
            using var hosts = new Hosts(hostA, cluster.Nodes[0].Url, hostB, cluster.Nodes[1].Url, topics);
            var bare = new BareNats(cluster.Nodes[0].Url, cluster.Nodes[1].Url);
            // Both paths once before measuring: the bridges' first messages pay for loading and compiling their code.
            Bridged(hosts, warmUp);
            await bare.MeasureAsync(warmUp);
            Console.WriteLine("| payload | path | p50 | p99 | throughput | delivered (back to back) |");
            Console.WriteLine("|---|---|---|---|---|---|");
            foreach (var workload in Workload.All)
            {
                var bridged = Bridged(hosts, workload);
                var baseline = await bare.MeasureAsync(workload);
                Print(workload, "bare NATS.Net", baseline);
                Print(workload, "bridged", bridged);
                Console.WriteLine($"| {Latencies.FormatSize(workload.Size)} | bridged / bare | {bridged.P50 / baseline.P50:F2}x | {bridged.P99 / baseline.P99:F2}x | {bridged.BytesPerSecond / baseline.BytesPerSecond:F2}x | |");
            }
            Console.WriteLine();
            Console.WriteLine($"Chunking alone, 16 MiB messages cut into 1 MiB chunks and reassembled into a loaned sample: {Chunking.Measure() / 1e9:F2} GB/s");
            return 0;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static string Topic(Workload workload, string phase) => $"bench/{phase}{workload.Size}";

    private static void Print(Workload workload, string path, Measurement m) =>
        Console.WriteLine($"| {Latencies.FormatSize(workload.Size)} | {path} | {Latencies.Format(m.P50)} | {Latencies.Format(m.P99)} | {m.BytesPerSecond / 1e6:F1} MB/s | {m.Delivered}/{m.Sent} |");

    private static Measurement Bridged(Hosts hosts, Workload workload)
    {
        var (latencies, _, _, _) = Run(hosts, Topic(workload, "latency"), workload.Size, workload.LatencyCount, workload.Interval);
        var (delivered, started, last, sent) = Run(hosts, Topic(workload, "throughput"), workload.Size, workload.ThroughputCount, TimeSpan.Zero);
        var (p50, p99) = Latencies.Summarise(latencies.Select(ns => (double)ns).ToList());
        double seconds = Stopwatch.GetElapsedTime(started, last).TotalSeconds;
        return new Measurement(p50, p99, delivered.Count * (double)workload.Size / seconds, delivered.Count, sent);
    }

    /// <summary>Publishes on host A until done, then leaves: the end of stream reaches host B's receiver, which reports.</summary>
    private static (List<long> Latencies, long Started, long Last, int Sent) Run(Hosts hosts, string topic, int size, int count, TimeSpan interval)
    {
        using var receiver = hosts.Receiver(topic, out var publisher);
        long started;
        using (publisher)
        {
            started = Stopwatch.GetTimestamp();
            for (int i = 0; i < count; i++)
            {
                var sample = publisher.Loan(size);
                Workload.Stamp(sample.Span);
                publisher.Send(sample);
                if (interval > TimeSpan.Zero)
                    Thread.Sleep(interval);
            }
        }
        var (latencies, _, last) = receiver.Result();
        return (latencies, started, last, count);
    }
}
