using Quiver.SharedMemory;
using Quiver.Transport;

namespace Quiver.Chaos;

/// <summary>What the chaos publisher and its subscribers agree on, and the pacing that keeps every queue from filling.</summary>
public static class ChaosTopic
{
    public const string Name = "chaos/soak";

    /// <summary>The publisher waits until at most this many samples are in flight before every this many sends.</summary>
    public const int PaceEvery = 64;

    /// <summary>
    /// Twice <see cref="PaceEvery"/> is the most ever in flight, so a subscriber's queue never
    /// fills and no delivery is skipped: every sample sent while a subscriber is connected is its.
    /// </summary>
    public const int QueueDepth = 2 * PaceEvery;

    public const int SegmentSize = 32 << 20;

    /// <summary>The pool's limit; a publisher waits (Block) rather than grow past it.</summary>
    public const int MaxSegments = 8;

    /// <summary>A C# subscriber keeps this many samples before releasing the oldest, so a kill always finds some held.</summary>
    public const int HeldWindow = 8;

    public static TopicContract Contract { get; } = new("chaos.Bytes", 0x0C4A05C4A05C4A05, new byte[] { 0xC4 });

    public static PublisherOptions PublisherOptions(Action<SubscriberStats> subscriberLeft) => new()
    {
        Pool = new SampleAllocatorOptions { SegmentSize = SegmentSize, MaxSegments = MaxSegments },
        WhenExhausted = ExhaustionPolicy.Block,
        BlockTimeout = TimeSpan.FromSeconds(60),
        QueueDepth = QueueDepth,
        HeldWarningAfter = Timeout.InfiniteTimeSpan,
        SubscriberLeft = subscriberLeft,
        Log = (level, message) => Console.Error.WriteLine($"{level}: {message}"),
    };
}
