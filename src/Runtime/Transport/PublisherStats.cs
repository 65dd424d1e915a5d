namespace Quiver.Transport;

/// <summary>A sample sent and not yet released by every subscriber that received it.</summary>
public readonly record struct OutstandingSample(ulong Sequence, int Length, TimeSpan Age, int HeldBy);

/// <summary>
/// One connected subscriber: the samples it holds now, and how many it was sent or skipped for
/// (its queue was full) since it joined, and the path its samples take.
/// </summary>
public readonly record struct SubscriberStats(int ProcessId, int Holding, long Received, long Skipped, NotificationPath Notification);

/// <summary>
/// A publisher's counters: <see cref="Sent"/> samples, <see cref="Skipped"/> deliveries left out
/// because a subscriber's queue was full, and the samples still in flight with their age.
/// </summary>
public sealed record PublisherStats(
    long Sent,
    long Skipped,
    int Subscribers,
    int Loaned,
    int Segments,
    long PoolBytes,
    long AllocatedBytes,
    IReadOnlyList<OutstandingSample> Outstanding,
    IReadOnlyList<SubscriberStats> SubscriberDetails)
{
    public int InFlight => Outstanding.Count;
}
