using System.Diagnostics;

namespace Quiver.Transport.Bench;

/// <summary>
/// Issue 4's soak: many samples of mixed sizes (64 B to 1 MiB) to two subscriber processes.
/// Prints the resident set of every process every 100 000 samples, the segment count and the
/// samples in flight, and checks that every delivered sample's drop token came back.
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
            using var publisher = Publisher.Create(topic, TransportBenchmark.Contract, new PublisherOptions
            {
                Pool = new SharedMemory.SampleAllocatorOptions { SegmentSize = 16 << 20, MaxSegments = 8 },
                WhenExhausted = ExhaustionPolicy.Block,
                BlockTimeout = TimeSpan.FromSeconds(60),
                QueueDepth = 256,
                HeldWarningAfter = Timeout.InfiniteTimeSpan,
            });
            var children = new[] { StartSubscriber(topic), StartSubscriber(topic) };
            if (!publisher.WaitForSubscribers(2, TimeSpan.FromSeconds(30)))
                throw new TimeoutException("The subscribers did not connect.");
            var random = new Random(1);
            var residentSet = new List<long>();
            var segments = new List<int>();
            var clock = Stopwatch.StartNew();
            for (int i = 0; i < messages; i++)
            {
                // Paced so no subscriber's queue fills: every sample reaches both.
                if (i % 128 == 0 && !publisher.WaitForInFlight(128, TimeSpan.FromSeconds(60)))
                    throw new TimeoutException("The subscribers stopped releasing samples.");
                if (i % 100_000 == 0)
                {
                    residentSet.Add(ResidentSetBytes() >> 20);
                    segments.Add(publisher.GetStats().Segments);
                }
                int length = random.Next(10) switch
                {
                    < 6 => random.Next(64, 1024),
                    < 9 => random.Next(1024, 65536),
                    _ => random.Next(65536, 1 << 20),
                };
                var loan = publisher.Loan(length);
                loan.Span[0] = (byte)i;
                loan.Span[^1] = (byte)i;
                publisher.Send(loan);
            }
            if (!publisher.WaitForInFlight(0, TimeSpan.FromSeconds(60)))
                throw new TimeoutException("Samples were not all released.");
            var stats = publisher.GetStats();
            var elapsed = clock.Elapsed;
            publisher.Dispose();
            Console.WriteLine($"Soak, {DateTime.UtcNow:yyyy-MM-dd}: {messages:N0} samples of 64 B to 1 MiB to 2 subscriber processes in {elapsed.TotalSeconds:F1} s.");
            Console.WriteLine($"- publisher resident set every 100k samples (MiB): {string.Join(' ', residentSet)}");
            Console.WriteLine($"- segments every 100k samples: {string.Join(' ', segments)}; at the end {stats.Segments}, {stats.PoolBytes >> 20} MiB; in flight at the end: {stats.InFlight}; allocated at the end: {stats.AllocatedBytes} B");
            long delivered = 0;
            foreach (var child in children)
            {
                string rss = ReadLine(child, "RSS ");
                var result = ReadLine(child, "RESULT ").Split(' ');
                delivered += long.Parse(result[1]);
                if (result[1] != result[2])
                    throw new InvalidOperationException($"A subscriber received {result[1]} samples but sent {result[2]} drop tokens.");
                Console.WriteLine($"- subscriber resident set every 100k samples (MiB): {rss[4..]}; received {long.Parse(result[1]):N0}, drop tokens sent {long.Parse(result[2]):N0}");
                child.WaitForExit();
                child.Dispose();
            }
            Console.WriteLine($"- delivered {delivered:N0} = 2 x {messages:N0} sent - {stats.Skipped:N0} skipped (queue full)");
            return delivered == 2L * messages - stats.Skipped ? 0 : 1;
        }
        finally
        {
            if (Directory.Exists(directory))
                Directory.Delete(directory, recursive: true);
        }
    }

    public static long ResidentSetBytes()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
        }
        return 0;
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
