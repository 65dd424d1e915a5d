namespace Quiver.Transport;

/// <summary>
/// What a topic carries, as both sides declare it in the handshake: the message type's name
/// (for error messages), its schema fingerprint (must be equal on both sides) and its Arrow IPC
/// schema message (so a reader that does not know the type can still decode samples).
/// </summary>
public sealed record TopicContract(string MessageType, ulong Fingerprint, ReadOnlyMemory<byte> Schema);
