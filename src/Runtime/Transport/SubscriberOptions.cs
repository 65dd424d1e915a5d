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

    internal void Validate()
    {
        if (ConnectTimeout <= TimeSpan.Zero || ConnectTimeout.TotalMilliseconds > int.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(ConnectTimeout), ConnectTimeout, "ConnectTimeout must be a positive time.");
        if (WaitForPublisher < TimeSpan.Zero && WaitForPublisher != Timeout.InfiniteTimeSpan)
            throw new ArgumentOutOfRangeException(nameof(WaitForPublisher), WaitForPublisher, "WaitForPublisher must be zero, a positive time or Timeout.InfiniteTimeSpan.");
    }
}
