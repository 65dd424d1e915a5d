namespace Quiver.Transport;

public sealed record SubscriberOptions
{
    /// <summary>How long connecting and the handshake may take.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    public TransportLog? Log { get; init; }
}
