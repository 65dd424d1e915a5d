using System.Text;

namespace Quiver.Transport.Bench;

/// <summary>
/// Quiver against the IPC libraries a C# user would weigh, in one run on one machine: Quiver's typed
/// and raw paths over the shared-memory ring, the Unix socket copy, NetMQ, and gRPC over a Unix
/// socket (unary and server streaming). One-way p50/p99 per payload size, each peer's ratio to
/// Quiver, small-message throughput, and the latency figure as an SVG.
/// </summary>
internal static class PeerBenchmark
{
    private static readonly int[] Sizes = [64, 4 << 10, 1 << 20, 16 << 20, 64 << 20];

    public static int Run(bool quick, string figurePath)
    {
        string directory = Path.Combine(Path.GetTempPath(), $"quiver-peers-{Environment.ProcessId}");
        Environment.SetEnvironmentVariable(RuntimeDirectory.OverrideVariable, directory);
        string spin = (new SubscriberOptions().SpinBeforeWait.Ticks / 10).ToString();
        var ring = NotificationPath.SharedMemoryRing;
        try
        {
            // Quiver's path comes first: it creates the (private) runtime directory the peers' sockets also use.
            var paths = new (string Name, Func<int, int, (double P50, double P99)> Measure)[]
            {
                ("Quiver typed (ring)", (size, n) => TransportBenchmark.QuiverLatency(size, n, typed: true, ring, spin, TimeSpan.Zero)),
                ("Quiver raw (ring)", (size, n) => TransportBenchmark.QuiverLatency(size, n, typed: false, ring, spin, TimeSpan.Zero)),
                ("Unix socket copy", (size, n) => TransportBenchmark.SocketLatency(directory, size, n, TimeSpan.Zero)),
                ("NetMQ (tcp loopback)", NetMqPeer.Latency),
                ("gRPC unary (UDS)", (size, n) => GrpcPeer.UnaryLatency(directory, size, n)),
                ("gRPC server streaming (UDS)", (size, n) => GrpcPeer.StreamLatency(directory, size, n)),
            };
            // The first measurement of a run comes out slower on every path (processes and caches
            // starting up); a short unrecorded round takes that instead of the first row.
            foreach (var path in paths)
                path.Measure(64, 50);
            var p50 = new double[paths.Length][];
            var p99 = new double[paths.Length][];
            for (int p = 0; p < paths.Length; p++)
            {
                p50[p] = new double[Sizes.Length];
                p99[p] = new double[Sizes.Length];
            }
            for (int s = 0; s < Sizes.Length; s++)
            {
                int messages = Sizes[s] >= 16 << 20 ? (quick ? 10 : 30) : (quick ? 100 : 500);
                for (int p = 0; p < paths.Length; p++)
                    (p50[p][s], p99[p][s]) = paths[p].Measure(Sizes[s], messages);
            }

            var report = new StringBuilder();
            report.AppendLine($"Quiver and peers, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}, ring spin {spin} µs");
            report.AppendLine();
            report.AppendLine("One-way latency, p50 / p99:");
            report.AppendLine();
            report.AppendLine("| payload | " + string.Join(" | ", paths.Select(p => p.Name)) + " |");
            report.AppendLine("|---:|" + string.Concat(paths.Select(_ => "---:|")));
            for (int s = 0; s < Sizes.Length; s++)
                report.AppendLine($"| {Latencies.FormatSize(Sizes[s])} | " + string.Join(" | ", paths.Select((_, p) => $"{Latencies.Format(p50[p][s])} / {Latencies.Format(p99[p][s])}")) + " |");
            report.AppendLine();
            report.AppendLine("Each peer's p50 as a multiple of Quiver's (typed ring / raw ring):");
            report.AppendLine();
            report.AppendLine("| payload | " + string.Join(" | ", paths.Skip(2).Select(p => p.Name)) + " |");
            report.AppendLine("|---:|" + string.Concat(paths.Skip(2).Select(_ => "---:|")));
            for (int s = 0; s < Sizes.Length; s++)
                report.AppendLine($"| {Latencies.FormatSize(Sizes[s])} | " + string.Join(" | ", Enumerable.Range(2, paths.Length - 2).Select(p => $"{p50[p][s] / p50[0][s]:F1}x / {p50[p][s] / p50[1][s]:F1}x")) + " |");
            report.AppendLine();

            int count = quick ? 50_000 : 200_000;
            int unaryCount = quick ? 5_000 : 20_000;
            var rates = new (string Name, double PerSecond)[]
            {
                ("Quiver typed (ring, `TryTake` leases)", TransportBenchmark.Throughput(count, "typed-throughput", ring, spin).PerSecond),
                ("Quiver raw (ring)", TransportBenchmark.Throughput(count, "throughput", ring, spin).PerSecond),
                ("NetMQ (tcp loopback), back to back", NetMqPeer.Throughput(count)),
                ("gRPC server streaming (UDS), back to back", GrpcPeer.StreamThroughput(directory, count)),
                ("gRPC unary (UDS), one call after another", GrpcPeer.UnaryThroughput(directory, unaryCount)),
            };
            report.AppendLine("| 64 B messages, one receiver | messages/s | Quiver typed / this | Quiver raw / this |");
            report.AppendLine("|---|---:|---:|---:|");
            foreach (var (name, perSecond) in rates)
                report.AppendLine($"| {name} | {perSecond:N0} | {rates[0].PerSecond / perSecond:F2}x | {rates[1].PerSecond / perSecond:F2}x |");
            Console.WriteLine(report);

            LatencyFigure.Write(figurePath, Sizes, paths.Select((p, i) => new LatencySeries(p.Name, p50[i], p99[i])).ToList(),
                $"One-way latency, one receiver ({DateTime.UtcNow:yyyy-MM-dd}, {Environment.ProcessorCount} cores)");
            Console.WriteLine($"Figure written to {figurePath}");
            return 0;
        }
        finally
        {
            if (Directory.Exists(directory))
                Directory.Delete(directory, recursive: true);
        }
    }
}
