using Quiver.SharedMemory;

namespace Quiver.Transport;

public sealed record PublisherOptions
{
    public SampleAllocatorOptions Pool { get; init; } = new();
    public ExhaustionPolicy WhenExhausted { get; init; } = ExhaustionPolicy.Block;
    public TimeSpan BlockTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Most samples one subscriber may hold (received or on its way) at once; while it holds
    /// that many, new samples skip it, so a slow subscriber cannot pin the whole pool.
    /// </summary>
    public int QueueDepth { get; init; } = 64;

    /// <summary>A sample held longer than this is reported once (topic, sequence, holders). Infinite disables it.</summary>
    public TimeSpan HeldWarningAfter { get; init; } = TimeSpan.FromSeconds(10);

    public int MaxSubscribers { get; init; } = 64;

    /// <summary>
    /// Most connections whose hello is not complete yet; one more is refused and closed at once.
    /// Pending connections share one thread, so this bounds what peers that never finish a hello cost.
    /// </summary>
    public int MaxPendingHandshakes { get; init; } = 64;

    /// <summary>A connecting peer must complete its hello within this time.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>A subscriber whose socket stays full this long is disconnected.</summary>
    public TimeSpan SendTimeout { get; init; } = TimeSpan.FromSeconds(5);

    public TransportLog? Log { get; init; }

    /// <summary>
    /// Called once for every subscriber that leaves (goodbye, death, a protocol violation, or this
    /// publisher's Dispose) with its final stats, on the thread that noticed. Its
    /// <see cref="SubscriberStats.Holding"/> are the samples it still held, which the publisher took
    /// back; the rest of <see cref="SubscriberStats.Received"/> it released with drop tokens.
    /// An exception thrown here is logged and otherwise ignored.
    /// </summary>
    public Action<SubscriberStats>? SubscriberLeft { get; init; }

    /// <summary>
    /// Set by a bridge's importer: this publisher republishes messages that came from another
    /// host, and says so to subscribers that ask, so no bridge exports them back (docs/bridge.md).
    /// </summary>
    public bool Bridged { get; init; }

    /// <summary>
    /// <see cref="NotificationPath.SharedMemoryRing"/> accepts a subscriber's offer of the
    /// shared-memory ring; <see cref="NotificationPath.Socket"/> answers every subscriber on the socket.
    /// Defaults to the ring unless QUIVER_NOTIFICATION=socket.
    /// </summary>
    public NotificationPath Notification { get; init; } = NotificationDefaults.Resolve();

    /// <summary>A pending handshake holds a descriptor and up to one hello frame (1 MiB); beyond this the bound bounds nothing.</summary>
    public const int MaxPendingHandshakesLimit = 4096;

    internal void Validate()
    {
        Pool.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(QueueDepth, 1, nameof(QueueDepth));
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)QueueDepth, Hello.MaxQueueDepth, nameof(QueueDepth));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxSubscribers, 1, nameof(MaxSubscribers));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxPendingHandshakes, 1, nameof(MaxPendingHandshakes));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxPendingHandshakes, MaxPendingHandshakesLimit, nameof(MaxPendingHandshakes));
        if (!Enum.IsDefined(WhenExhausted))
            throw new ArgumentOutOfRangeException(nameof(WhenExhausted), WhenExhausted, "Not an exhaustion policy.");
        if (!Enum.IsDefined(Notification))
            throw new ArgumentOutOfRangeException(nameof(Notification), Notification, "Unknown notification path.");
        RequirePositive(BlockTimeout, nameof(BlockTimeout), infiniteAllowed: true, zeroAllowed: true);
        RequirePositive(HeldWarningAfter, nameof(HeldWarningAfter), infiniteAllowed: true, zeroAllowed: false);
        RequirePositive(HandshakeTimeout, nameof(HandshakeTimeout), infiniteAllowed: false, zeroAllowed: false);
        RequirePositive(SendTimeout, nameof(SendTimeout), infiniteAllowed: false, zeroAllowed: false);
    }

    private static void RequirePositive(TimeSpan value, string name, bool infiniteAllowed, bool zeroAllowed)
    {
        bool valid = (value == Timeout.InfiniteTimeSpan && infiniteAllowed)
                     || (value == TimeSpan.Zero && zeroAllowed)
                     || (value > TimeSpan.Zero && value.TotalMilliseconds <= int.MaxValue);
        if (!valid)
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be a positive time{(infiniteAllowed ? " or Timeout.InfiniteTimeSpan" : "")}.");
    }
}
