using Quiver.Bridge.Tests;
using Quiver.Transport;
using Quiver.Transport.Bench;

namespace Quiver.Bridge.Bench;

/// <summary>Sets up the cluster and the two hosts, runs every workload over each path, prints the tables.</summary>
internal static class Orchestrator
{
    private const string WarmUp = "warmup", Measured = "measured";

    /// <summary>One table: a delivery mode's workloads over the bare baseline and the bridged path.</summary>
    private sealed record Comparison(Workload[] Workloads, string BareName, BenchPath Bare, string BridgedName, BenchPath Bridged);

    public static async Task<int> RunAsync()
    {
        if (OperatingSystem.IsWindows())
            throw new PlatformNotSupportedException("Quiver's transport runs on Linux.");
        string root = Path.Combine(Path.GetTempPath(), $"qvbb-{Environment.ProcessId}");
        string hostA = Path.Combine(root, "a"), hostB = Path.Combine(root, "b");
        foreach (var directory in new[] { hostA, hostB })
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        string config = Path.Combine(root, "nats.conf");
        File.WriteAllText(config, $"max_payload: {Hosts.MaxPayload}\n");
        Environment.SetEnvironmentVariable(RuntimeDirectory.OverrideVariable, hostA);
        try
        {
            using var cluster = new NatsCluster(3, jetStream: true, "-c", config);
            string nodeA = cluster.Nodes[0].Url, nodeB = cluster.Nodes[1].Url;
            using var core = new Hosts(hostA, nodeA, hostB, nodeB, reliable: false, Names(Workload.Core));
            using var reliable = new Hosts(hostA, nodeA, hostB, nodeB, reliable: true, Names(Workload.Reliable));
            Comparison[] comparisons =
            [
                new(Workload.Core, "bare NATS.Net", new BareNats(nodeA, nodeB), "bridged", new BridgedPath(core)),
                new(Workload.Reliable, "bare JetStream", new BareJetStream(nodeA, nodeB), "bridged --reliable", new BridgedPath(reliable)),
            ];
            // Every workload once on every path before measuring: a bridge's code is compiled and
            // recompiled (tiered compilation) over its first seconds of traffic of each kind, which a
            // long-running bridge has long behind it.
            foreach (var comparison in comparisons)
            {
                foreach (var workload in comparison.Workloads)
                {
                    await comparison.Bridged.MeasureAsync(workload, WarmUp);
                    await comparison.Bare.MeasureAsync(workload, WarmUp);
                }
            }
            foreach (var comparison in comparisons)
                await PrintTableAsync(comparison);
            Chunking.Print();
            var log = core.BridgeLog.Concat(reliable.BridgeLog).ToList();
            Console.WriteLine();
            Console.WriteLine($"What the bridges logged ({log.Count} lines):");
            foreach (var line in log)
                Console.WriteLine($"    {line}");
            return 0;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static IEnumerable<string> Names(Workload[] workloads) =>
        new[] { WarmUp, Measured }.SelectMany(round => workloads.SelectMany(w => new[] { $"{round}/latency{w.Size}", $"{round}/throughput{w.Size}" }));

    private static async Task PrintTableAsync(Comparison comparison)
    {
        Console.WriteLine("| payload | path | p50 | p99 | throughput | delivered (back to back) |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var workload in comparison.Workloads)
        {
            var bridged = await comparison.Bridged.MeasureAsync(workload, Measured);
            var baseline = await comparison.Bare.MeasureAsync(workload, Measured);
            Print(workload, comparison.BareName, baseline);
            Print(workload, comparison.BridgedName, bridged);
            Console.WriteLine($"| {Latencies.FormatSize(workload.Size)} | {comparison.BridgedName} / {comparison.BareName} | {bridged.P50 / baseline.P50:F2}x | {bridged.P99 / baseline.P99:F2}x | {bridged.BytesPerSecond / baseline.BytesPerSecond:F2}x | |");
        }
        Console.WriteLine();
    }

    private static void Print(Workload workload, string path, Measurement m) =>
        Console.WriteLine($"| {Latencies.FormatSize(workload.Size)} | {path} | {Latencies.Format(m.P50)} | {Latencies.Format(m.P99)} | {m.BytesPerSecond / 1e6:F1} MB/s | {m.Delivered}/{m.Sent} |");
}
