using System.Buffers.Binary;
using System.Diagnostics;
using Vision;

namespace Quiver.Transport.Bench;

/// <summary>
/// The publishing child, for subscribers in other runtimes (bench/python): publishes what
/// <see cref="TransportBenchmark"/> publishes to its own child, the send time (Stopwatch,
/// CLOCK_MONOTONIC) in the payload's first 8 bytes. "typed-latency" / "latency": one message in
/// flight at a time (the next is sent once the last was released, polled for as
/// <see cref="TransportBenchmark.WaitForReleaseSpinning"/> does), after
/// <see cref="BenchSubscriber.WarmUpSamples"/> unrecorded ones. "typed-throughput" / "throughput":
/// <c>count</c> 64-byte messages as fast as the subscriber releases them, none skipped.
/// Prints READY once the topic is bound, DONE after the last release.
/// </summary>
internal static class BenchPublisher
{
    public static int Run(string topic, string mode, int size, int count)
    {
        bool typed = mode.StartsWith("typed-", StringComparison.Ordinal);
        bool latency = mode.EndsWith("latency", StringComparison.Ordinal);
        var options = new PublisherOptions
        {
            Pool = new SharedMemory.SampleAllocatorOptions { SegmentSize = Math.Max(16 << 20, size + 4096L), MaxSegments = 4, MaxBytes = 1L << 30 },
            QueueDepth = latency ? 64 : 4096,
            HeldWarningAfter = Timeout.InfiniteTimeSpan,
        };
        // The typed publisher is a view over its transport publisher; disposing the latter ends both.
        var images = typed ? Topic.Publish<Image>(topic, options) : null;
        using var publisher = images?.Transport ?? Publisher.Create(topic, TransportBenchmark.Contract, options);
        Console.WriteLine("READY");
        Console.Out.Flush();
        Expect(publisher.WaitForSubscribers(1, TimeSpan.FromSeconds(60)), "a subscriber");
        int messages = latency ? count + BenchSubscriber.WarmUpSamples : count;
        for (int i = 0; i < messages; i++)
        {
            if (latency)
                TransportBenchmark.WaitForReleaseSpinning(publisher);
            else if (i % 1024 == 0)
                Expect(publisher.WaitForInFlight(2048, TimeSpan.FromSeconds(60)), "releases");
            if (images is not null)
            {
                TypedImages.Send(images, size);
                continue;
            }
            using var loan = publisher.Loan(size);
            BinaryPrimitives.WriteInt64LittleEndian(loan.Span, Stopwatch.GetTimestamp());
            publisher.Send(loan);
        }
        Expect(publisher.WaitForInFlight(0, TimeSpan.FromSeconds(60)), "the last release");
        if (publisher.GetStats().Skipped != 0)
            throw new InvalidOperationException("Messages were skipped; the figures would be wrong.");
        Console.WriteLine("DONE");
        return 0;
    }

    private static void Expect(bool reached, string what)
    {
        if (!reached)
            throw new TimeoutException($"Timed out waiting for {what}.");
    }
}
