using System.Text.Json;
using Quiver.Cli.Output;
using Quiver.Transport;

namespace Quiver.Cli.Live;

public enum TopicState
{
    /// <summary>A publisher answered the handshake.</summary>
    Live,

    /// <summary>The socket is left from a publisher that died; the next publisher of the topic replaces it.</summary>
    Stale,

    /// <summary>A publisher is there but the handshake failed (the problem says why).</summary>
    Refused,
}

/// <summary>What one topic of the runtime directory is, as its publisher's handshake tells it.</summary>
/// <param name="Subscribers">Connections the publisher has open, not counting the probe; null where the kernel's socket table cannot be read.</param>
public sealed record TopicDescription(
    string Topic,
    TopicState State,
    string? MessageType = null,
    ulong Fingerprint = 0,
    int PublisherProcessId = 0,
    int QueueDepth = 0,
    NotificationPath? Notification = null,
    ReadOnlyMemory<byte> Schema = default,
    int? Subscribers = null,
    string? Problem = null)
{
    public string FingerprintText => Fingerprint.ToString("x16");

    /// <summary>What the publisher's handshake said, as the JSON of <c>quiver topics</c> and <c>quiver info</c> give it.</summary>
    public void WriteHandshake(Utf8JsonWriter json)
    {
        json.WriteString("type", MessageType);
        json.WriteString("fingerprint", FingerprintText);
        json.WriteNumber("pid", PublisherProcessId);
        json.WriteNumber("queueDepth", QueueDepth);
        json.WriteString("notification", Units.Notification(Notification));
    }
}
