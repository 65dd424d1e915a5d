namespace Quiver.Transport;

/// <summary>The capability flags in byte 11 of a hello (docs/protocol.md, "Handshake").</summary>
[Flags]
internal enum HelloCapabilities : byte
{
    None = 0,

    /// <summary>Subscriber: can use the shared-memory notification ring. Publisher: will use it (a channel announcement follows the hello).</summary>
    NotificationRing = 1,

    /// <summary>
    /// Subscriber: takes whatever message type the topic carries (a tool without generated types);
    /// its fingerprint is not compared. Publisher: accepted such a subscriber.
    /// </summary>
    AnyMessageType = 2,

    /// <summary>
    /// Subscriber: wants to know whether the publisher republishes what a bridge imported from
    /// another host. Publisher: it does (a bridge must not export such a topic again).
    /// </summary>
    Bridged = 4,
}
