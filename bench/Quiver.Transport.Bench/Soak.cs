using System.Diagnostics;
using Quiver.Transport.TestPeer;

namespace Quiver.Transport.Bench;

/// <summary>
/// Issue 4's soak (<see cref="MixedSoak"/>, the same run as the test SoakTests) at any length:
/// prints the resident set of every process and the segment count every 100 000 samples, and
/// checks that every delivered sample's drop token came back.
/// </summary>
internal static class Soak
{
    public static int Run(int messages)
    {
        string directory = Path.Combine(Path.GetTempPath(), $"quiver-soak-{Environment.ProcessId}");
        Environment.SetEnvironmentVariable(RuntimeDirectory.OverrideVariable, directory);
        const string topic = "bench/soak";
        try
        {
            using var publisher = Publisher.Create(topic, TransportBenchmark.Contract, MixedSoak.Options(log: null));
            var children = new[] { StartSubscriber(topic), StartSubscriber(topic) };
            if (!publisher.WaitForSubscribers(2, TimeSpan.FromSeconds(30)))
                throw new TimeoutException("The subscribers did not connect.");
            var clock = Stopwatch.StartNew();
            var checkpoints = MixedSoak.Publish(publisher, messages);
            if (!publisher.WaitForInFlight(0, TimeSpan.FromSeconds(60)))
                throw new TimeoutException("Samples were not all released.");
            var stats = publisher.GetStats();
            var elapsed = clock.Elapsed;
            publisher.Dispose();
            Console.WriteLine($"Soak, {DateTime.UtcNow:yyyy-MM-dd}: {messages:N0} samples of 64 B to 1 MiB to 2 subscriber processes in {elapsed.TotalSeconds:F1} s.");
            Console.WriteLine($"- publisher resident set after every 100k samples (MiB): {string.Join(' ', checkpoints.Select(c => c.ResidentSet.Total >> 20))}");
            Console.WriteLine($"- segments after every 100k samples: {string.Join(' ', checkpoints.Select(c => c.Segments))}; at the end {stats.Segments}, {stats.PoolBytes >> 20} MiB; in flight at the end: {stats.InFlight}; allocated at the end: {stats.AllocatedBytes} B");
            long delivered = 0;
            bool allBack = true;
            foreach (var child in children)
            {
                var totals = ReadLine(child, "END ").Split(' ');
                var residentSets = ReadLine(child, "RSS ").Split(' ').Skip(1).Select(ResidentSet.Parse);
                long received = long.Parse(totals[1]);
                delivered += received;
                allBack &= totals[2] == "0" && totals[3] == totals[1];
                Console.WriteLine($"- subscriber resident set after every 100k samples (MiB): {string.Join(' ', residentSets.Select(set => set.Total >> 20))}; received {received:N0}, bad {long.Parse(totals[2]):N0}, drop tokens sent {long.Parse(totals[3]):N0}");
                child.WaitForExit();
                child.Dispose();
            }
            Console.WriteLine($"- delivered {delivered:N0} = 2 x {messages:N0} sent - {stats.Skipped:N0} skipped (queue full)");
            return allBack && delivered == 2L * messages - stats.Skipped ? 0 : 1;
        }
        finally
        {
            if (Directory.Exists(directory))
                Directory.Delete(directory, recursive: true);
        }
    }

    private static Process StartSubscriber(string topic)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(typeof(Soak).Assembly.Location);
        start.ArgumentList.Add("quiver-subscriber");
        start.ArgumentList.Add(topic);
        start.ArgumentList.Add("soak");
        var process = Process.Start(start)!;
        if (process.StandardOutput.ReadLine() != "READY")
            throw new InvalidOperationException("The subscriber did not start.");
        return process;
    }

    private static string ReadLine(Process process, string prefix)
    {
        string? line;
        while ((line = process.StandardOutput.ReadLine()) is not null && !line.StartsWith(prefix, StringComparison.Ordinal))
        {
        }
        return line ?? throw new InvalidOperationException($"The subscriber exited without a '{prefix}' line.");
    }
}
