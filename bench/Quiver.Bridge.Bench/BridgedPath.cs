using System.Diagnostics;
using Quiver.Transport;

namespace Quiver.Bridge.Bench;

/// <summary>A raw publisher on host A (this process) through both hosts' bridges to host B's receiver process.</summary>
internal sealed class BridgedPath(Hosts hosts) : BenchPath
{
    private static readonly TimeSpan ExporterPatience = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Publishes on host A until done, then leaves: the end of stream reaches host B's receiver,
    /// which reports. Each sample is written whole, as a real publisher writes its message, with
    /// the same bytes the bare path sends. Back to back, the publisher waits while the exporter
    /// holds all but one of its queue depth, as NATS.Net's publish waits for room in its buffer: the
    /// exporter never skips, so both paths deliver everything and their rates compare. Before the
    /// first, one-byte probes go until one reaches the receiver, as the bare path probes the
    /// cluster: the path is set up and the receiver (a new process for every run) has taken a
    /// sample, as a subscriber that has been running would have.
    /// </summary>
    protected override Task<PathRun> RunAsync(string name, int size, int count, TimeSpan interval)
    {
        string topic = hosts.Topic(name);
        var payload = Workload.Payload(size);
        using var receiver = hosts.Receiver(topic, out var publisher);
        long started;
        using (publisher)
        {
            receiver.Probe(() => publisher.Publish([1]));
            started = Stopwatch.GetTimestamp();
            for (int i = 0; i < count; i++)
            {
                if (interval == TimeSpan.Zero && !publisher.WaitForInFlight(Hosts.QueueDepth - 1, ExporterPatience))
                    throw new TimeoutException($"The exporting bridge held {Hosts.QueueDepth - 1} samples of {topic} for {ExporterPatience}.");
                var sample = publisher.Loan(size);
                payload.CopyTo(sample.Span);
                Workload.Stamp(sample.Span);
                publisher.Send(sample);
                if (interval > TimeSpan.Zero)
                    Thread.Sleep(interval);
            }
        }
        var (latencies, last) = receiver.Result();
        return Task.FromResult(new PathRun(latencies, started, last, count));
    }
}
