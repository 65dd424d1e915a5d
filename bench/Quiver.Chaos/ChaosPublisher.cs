using Quiver.Transport;

namespace Quiver.Chaos;

/// <summary>
/// The publisher role: waits for its subscribers, sends <c>messages</c> samples paced by
/// <see cref="ChaosTopic.PaceEvery"/>, and reports on standard output:
/// <c>READY pid</c>; <c>PROGRESS sent segments in-flight</c> every <c>progressEvery</c> samples;
/// <c>LEFT subscriber-pid received skipped holding</c> for every subscriber that leaves;
/// <c>DONE sent skipped in-flight loaned allocated-bytes segments</c> once all are released; then,
/// after <c>EXIT</c> on standard input, the departures of the last subscribers and <c>BYE</c>.
/// </summary>
internal static class ChaosPublisher
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private static readonly object Output = new();

    public static int Run(ulong seed, long messages, int subscribers, int progressEvery)
    {
        int pid = Environment.ProcessId;
        var publisher = Publisher.Create(ChaosTopic.Name, ChaosTopic.Contract, ChaosTopic.PublisherOptions(left =>
            Say($"LEFT {left.ProcessId} {left.Received} {left.Skipped} {left.Holding}")));
        try
        {
            Say($"READY {pid}");
            if (!publisher.WaitForSubscribers(subscribers, Wait))
                return Fail($"only {publisher.SubscriberCount} of {subscribers} subscribers connected within {Wait}");
            for (long i = 0; i < messages; i++)
            {
                if (i % ChaosTopic.PaceEvery == 0 && !publisher.WaitForInFlight(ChaosTopic.PaceEvery, Wait))
                    return Fail($"samples were not released within {Wait} after {i} sends");
                ulong sequence = (ulong)i + 1;
                var loan = publisher.Loan(ChaosPayload.LengthOf(seed, pid, sequence));
                ChaosPayload.Fill(loan.Span, seed, pid, sequence);
                ulong sent = publisher.Send(loan);
                if (sent != sequence)
                    return Fail($"sample {i} got sequence {sent}, not {sequence}");
                if ((i + 1) % progressEvery == 0)
                {
                    var progress = publisher.GetStats();
                    Say($"PROGRESS {progress.Sent} {progress.Segments} {progress.InFlight}");
                }
            }
            if (!publisher.WaitForInFlight(0, Wait))
                return Fail($"samples were still held {Wait} after the last send");
            var stats = publisher.GetStats();
            Say($"DONE {stats.Sent} {stats.Skipped} {stats.InFlight} {stats.Loaned} {stats.AllocatedBytes} {stats.Segments}");
            while (Console.ReadLine() is { } line && line != "EXIT")
            {
            }
            publisher.Dispose();
            Say("BYE");
            return 0;
        }
        finally
        {
            publisher.Dispose();
        }
    }

    private static int Fail(string why)
    {
        Say($"FAULT {why}");
        return 1;
    }

    /// <summary>Departures are reported from the publisher's connection threads: one line at a time.</summary>
    private static void Say(string line)
    {
        lock (Output)
        {
            Console.Out.WriteLine(line);
            Console.Out.Flush();
        }
    }
}
