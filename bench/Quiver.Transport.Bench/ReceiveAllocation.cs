using System.Buffers.Binary;
using System.Diagnostics;
using Vision;

namespace Quiver.Transport.Bench;

/// <summary>
/// <c>--receive-allocation [messages]</c>: bytes allocated per received typed message, through
/// leases (<c>Subscriber&lt;T&gt;.TryTake</c>) and, as the baseline in the same run, through
/// <c>Receive</c>. This process publishes small vision.Images (64 B of Data, written in place); a
/// child process of the same program subscribes and counts, after 1,000 warm-up messages, what the
/// whole process allocated (precise) and what its receiving thread allocated, per message.
/// </summary>
internal static class ReceiveAllocation
{
    private const int WarmUp = 1000;

    public static int Run(string[] args)
    {
        if (args.Length > 0 && args[0] == "subscribe")
            return Subscribe(args[1], args[2]);
        int messages = args.Length > 0 ? int.Parse(args[0]) : 200_000;
        string directory = Path.Combine(Path.GetTempPath(), $"quiver-bench-alloc-{Environment.ProcessId}");
        Environment.SetEnvironmentVariable(RuntimeDirectory.OverrideVariable, directory);
        try
        {
            Console.WriteLine($"Receive allocations, {DateTime.UtcNow:yyyy-MM-dd}, {Environment.ProcessorCount} cores, .NET {Environment.Version}, {messages:N0} typed Images (64 B of Data) per path");
            Console.WriteLine();
            Console.WriteLine("| receive path | messages/s | bytes allocated per message (process) | bytes allocated per message (receiving thread) |");
            Console.WriteLine("|---|---:|---:|---:|");
            foreach (var mode in (string[])["receive", "lease"])
            {
                var (perSecond, process, thread) = Measure(mode, messages);
                var name = mode == "lease" ? "`TryTake` + `MessageLease<Image>`" : "`Receive` + `ReceivedMessages<Image>` (baseline)";
                Console.WriteLine($"| {name} | {perSecond:N0} | {process:F1} | {thread:F1} |");
            }
            return 0;
        }
        finally
        {
            if (Directory.Exists(directory))
                Directory.Delete(directory, recursive: true);
        }
    }

    private static (double PerSecond, double Process, double Thread) Measure(string mode, int messages)
    {
        string topic = $"bench/receive-allocation-{mode}";
        using var publisher = Topic.Publish<Image>(topic, new PublisherOptions
        {
            QueueDepth = 256,
            WhenExhausted = ExhaustionPolicy.Block,
            HeldWarningAfter = Timeout.InfiniteTimeSpan,
        });
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in (string[])["exec", typeof(ReceiveAllocation).Assembly.Location, "--receive-allocation", "subscribe", topic, mode])
            start.ArgumentList.Add(argument);
        using var child = Process.Start(start)!;
        try
        {
            if (!publisher.WaitForSubscribers(1, TimeSpan.FromSeconds(30)))
                throw new TimeoutException("The subscriber did not connect.");
            for (int i = 0; i < messages + WarmUp; i++)
            {
                // Stay within the queue depth so no message is skipped.
                if (i % 64 == 0 && !publisher.Transport.WaitForInFlight(128, TimeSpan.FromSeconds(30)))
                    throw new TimeoutException("The subscriber stopped releasing.");
                TypedImages.Send(publisher, 64);
            }
            if (!publisher.Transport.WaitForInFlight(0, TimeSpan.FromSeconds(60)) || publisher.GetStats().Skipped != 0)
                throw new InvalidOperationException("Messages were skipped or not released; the figures would be wrong.");
            publisher.Dispose();
            string? line;
            while ((line = child.StandardOutput.ReadLine()) is not null && !line.StartsWith("RESULT ", StringComparison.Ordinal))
            {
            }
            if (line is null)
                throw new InvalidOperationException("The subscriber exited without a result.");
            child.WaitForExit();
            var parts = line.Split(' ');
            return (double.Parse(parts[1]), double.Parse(parts[2]), double.Parse(parts[3]));
        }
        finally
        {
            if (!child.HasExited)
            {
                child.Kill();
                child.WaitForExit();
            }
        }
    }

    private static int Subscribe(string topic, string mode)
    {
        using var subscriber = Topic.Subscribe<Image>(topic, new SubscriberOptions { WaitForPublisher = TimeSpan.FromSeconds(30) });
        long count = 0, checksum = 0, processAtFirst = 0, threadAtFirst = 0, firstAt = 0, lastAt = 0;
        while (Next(subscriber, mode) is { } sentAt)
        {
            checksum += sentAt;
            if (count++ == WarmUp)
            {
                processAtFirst = GC.GetTotalAllocatedBytes(precise: true);
                threadAtFirst = GC.GetAllocatedBytesForCurrentThread();
                firstAt = Stopwatch.GetTimestamp();
            }
            lastAt = Stopwatch.GetTimestamp();
        }
        long measured = count - WarmUp - 1;
        double process = (GC.GetTotalAllocatedBytes(precise: true) - processAtFirst) / (double)measured;
        double thread = (GC.GetAllocatedBytesForCurrentThread() - threadAtFirst) / (double)measured;
        Console.WriteLine($"RESULT {measured / Stopwatch.GetElapsedTime(firstAt, lastAt).TotalSeconds} {process} {thread} {checksum}");
        return 0;
    }

    /// <summary>The next message's send stamp (read from its Data, in place), or null at the end of the stream.</summary>
    private static long? Next(Subscriber<Image> subscriber, string mode)
    {
        if (mode == "receive")
        {
            using var messages = subscriber.Receive(TimeSpan.FromMinutes(5));
            return messages is null ? null : TypedImages.SentAt(messages);
        }
        MessageLease<Image> lease;
        while (!subscriber.TryTake(out lease, TimeSpan.FromMinutes(5)))
        {
            if (subscriber.IsCompleted)
                return null;
        }
        using (lease)
            return BinaryPrimitives.ReadInt64LittleEndian(lease.Message.Data);
    }
}
