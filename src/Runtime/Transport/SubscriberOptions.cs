namespace Quiver.Transport;

public sealed record SubscriberOptions
{
    /// <summary>How long connecting and the handshake may take.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long <see cref="Subscriber.Connect"/> waits for a publisher to appear when none is
    /// running yet (zero: fail at once), so subscribers may start before their publisher.
    /// </summary>
    public TimeSpan WaitForPublisher { get; init; } = TimeSpan.Zero;

    public TransportLog? Log { get; init; }

    /// <summary>
    /// <see cref="NotificationPath.SharedMemoryRing"/> offers the publisher the shared-memory ring
    /// (used if it accepts); <see cref="NotificationPath.Socket"/> forces sample frames on the socket.
    /// Defaults to the ring unless QUIVER_NOTIFICATION=socket.
    /// </summary>
    public NotificationPath Notification { get; init; } = NotificationDefaults.Resolve();

    /// <summary>
    /// In ring mode, how long a receiver polls the ring before it sleeps on the futex. A sample that
    /// arrives within it is taken in about a microsecond instead of after a futex wake-up (several
    /// µs, tens on a loaded machine), at the price of a busy core meanwhile. Zero sleeps at once.
    /// The default, 50 µs, covers the gap between a publisher's sends when it sends as soon as the
    /// previous sample came back; measured against 0 on a 2-core machine it tied or won at p50
    /// (docs/benchmarks.md). Set 0 where no core can be spared.
    /// </summary>
    public TimeSpan SpinBeforeWait { get; init; } = TimeSpan.FromMicroseconds(50);

    internal void Validate()
    {
        if (ConnectTimeout <= TimeSpan.Zero || ConnectTimeout.TotalMilliseconds > int.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(ConnectTimeout), ConnectTimeout, "ConnectTimeout must be a positive time.");
        if (WaitForPublisher < TimeSpan.Zero && WaitForPublisher != Timeout.InfiniteTimeSpan)
            throw new ArgumentOutOfRangeException(nameof(WaitForPublisher), WaitForPublisher, "WaitForPublisher must be zero, a positive time or Timeout.InfiniteTimeSpan.");
        if (SpinBeforeWait < TimeSpan.Zero || SpinBeforeWait > TimeSpan.FromSeconds(1))
            throw new ArgumentOutOfRangeException(nameof(SpinBeforeWait), SpinBeforeWait, "SpinBeforeWait must be between zero and one second.");
        if (!Enum.IsDefined(Notification))
            throw new ArgumentOutOfRangeException(nameof(Notification), Notification, "Unknown notification path.");
    }
}
