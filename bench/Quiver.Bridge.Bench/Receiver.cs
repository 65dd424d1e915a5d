using System.Diagnostics;
using Quiver.Transport;

namespace Quiver.Bridge.Bench;

/// <summary>
/// Host B's end: takes every sample of a topic until its stream ends and reports the one-way
/// latency of each (its first 8 bytes are the sender's monotonic clock, shared by processes of
/// one machine) and when the first and the last arrived. Samples shorter than a stamp are the
/// sender's probes: the first one is answered with "PROBED" and none is recorded.
/// </summary>
internal static class Receiver
{
    public static int Run(string topic)
    {
        using var subscriber = Subscriber.ConnectToAnyType(topic, new SubscriberOptions { WaitForPublisher = TimeSpan.FromSeconds(60) });
        Console.WriteLine("READY");
        var latencies = new List<long>();
        long first = 0, last = 0;
        bool probed = false;
        while (subscriber.Receive(TimeSpan.FromMinutes(2)) is { } sample)
        {
            using (sample)
            {
                if (sample.Length < sizeof(long))
                {
                    if (!probed)
                        Console.WriteLine("PROBED");
                    probed = true;
                    continue;
                }
                last = Stopwatch.GetTimestamp();
                if (first == 0)
                    first = last;
                latencies.Add(last - BitConverter.ToInt64(sample.Span));
            }
        }
        Console.WriteLine($"RESULT {latencies.Count} {string.Join(",", latencies)} {first} {last}");
        return 0;
    }
}
