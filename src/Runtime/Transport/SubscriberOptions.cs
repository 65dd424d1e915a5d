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
}
