using System.Buffers.Binary;
using System.Text;
using Quiver.Messages;

namespace Quiver.Transport;

/// <summary>
/// The handshake frame each side sends first (docs/protocol.md, "Handshake").
/// Body: 8-byte magic "QVRTOPIC", u16 protocol version, u8 role, u8 capability flags, u64 fingerprint,
/// u32 queue depth (publisher: the most unreleased samples it lets a subscriber have; subscriber: 0),
/// u16 + UTF-8 topic, u16 + UTF-8 message type name, u32 + IPC schema message bytes.
/// </summary>
/// A subscriber's flags are what it can do; a publisher's are what it accepted of them. Parsing keeps
/// every bit: the publisher ignores bits it does not know, a subscriber refuses a publisher that
/// claims a bit it did not offer (<see cref="Subscriber"/>).
internal sealed record Hello(PeerRole Role, string Topic, string MessageType, ulong Fingerprint, ReadOnlyMemory<byte> Schema, uint QueueDepth = 0,
    HelloCapabilities Capabilities = HelloCapabilities.None)
{
    public const ushort ProtocolVersion = 1;
    public const int MaxMessageTypeBytes = 1024;
    public const uint MaxQueueDepth = 1 << 20;
    private static ReadOnlySpan<byte> Magic => "QVRTOPIC"u8;
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static Hello Parse(ReadOnlySpan<byte> body)
    {
        var reader = new BodyReader(body, "Hello");
        if (!reader.Bytes(8).SequenceEqual(Magic))
            throw new ProtocolException("Hello does not start with the Quiver magic; the peer does not speak the Quiver topic protocol.");
        ushort version = reader.UInt16();
        if (version != ProtocolVersion)
            throw new ProtocolException($"The peer speaks topic protocol version {version}; this side speaks version {ProtocolVersion}.");
        byte role = reader.Byte();
        if (role is not ((byte)PeerRole.Publisher or (byte)PeerRole.Subscriber))
            throw new ProtocolException($"Hello names role {role}; 1 (publisher) or 2 (subscriber) are defined.");
        var capabilities = (HelloCapabilities)reader.Byte();
        ulong fingerprint = reader.UInt64();
        uint queueDepth = reader.UInt32();
        bool queueDepthValid = role == (byte)PeerRole.Publisher ? queueDepth is >= 1 and <= MaxQueueDepth : queueDepth == 0;
        if (!queueDepthValid)
            throw new ProtocolException($"Hello names queue depth {queueDepth}; a publisher names 1 to {MaxQueueDepth}, a subscriber 0.");
        string topic = Utf8(reader.Bytes(reader.UInt16()), "topic");
        TopicName.Validate(topic, error => new ProtocolException($"Hello names an invalid topic: {error}"));
        int typeLength = reader.UInt16();
        if (typeLength is 0 or > MaxMessageTypeBytes)
            throw new ProtocolException($"Hello message type name of {typeLength} bytes; 1 to {MaxMessageTypeBytes} are allowed.");
        string messageType = Utf8(reader.Bytes(typeLength), "message type name");
        uint schemaLength = reader.UInt32();
        if (schemaLength > FrameHeader.MaxSchemaBytes)
            throw new ProtocolException($"Hello carries a schema of {schemaLength} bytes; at most {FrameHeader.MaxSchemaBytes} are allowed.");
        byte[] schema = reader.Bytes((int)schemaLength).ToArray();
        reader.ExpectEnd();
        return new Hello((PeerRole)role, topic, messageType, fingerprint, schema, queueDepth, capabilities);
    }

    public byte[] ToFrame()
    {
        byte[] topic = Encoding.UTF8.GetBytes(Topic);
        byte[] type = Encoding.UTF8.GetBytes(MessageType);
        if (type.Length is 0 or > MaxMessageTypeBytes)
            throw new ArgumentException($"A message type name is 1 to {MaxMessageTypeBytes} UTF-8 bytes.", nameof(MessageType));
        if (Schema.Length > FrameHeader.MaxSchemaBytes)
            throw new ArgumentException($"A schema message is at most {FrameHeader.MaxSchemaBytes} bytes.", nameof(Schema));
        int bodyLength = 8 + 2 + 1 + 1 + 8 + 4 + 2 + topic.Length + 2 + type.Length + 4 + Schema.Length;
        var frame = new byte[FrameHeader.Size + bodyLength];
        new FrameHeader(FrameType.Hello, bodyLength).Write(frame);
        var body = frame.AsSpan(FrameHeader.Size);
        Magic.CopyTo(body);
        BinaryPrimitives.WriteUInt16LittleEndian(body[8..], ProtocolVersion);
        body[10] = (byte)Role;
        body[11] = (byte)Capabilities;
        BinaryPrimitives.WriteUInt64LittleEndian(body[12..], Fingerprint);
        BinaryPrimitives.WriteUInt32LittleEndian(body[20..], QueueDepth);
        int at = 24;
        BinaryPrimitives.WriteUInt16LittleEndian(body[at..], (ushort)topic.Length);
        topic.CopyTo(body[(at + 2)..]);
        at += 2 + topic.Length;
        BinaryPrimitives.WriteUInt16LittleEndian(body[at..], (ushort)type.Length);
        type.CopyTo(body[(at + 2)..]);
        at += 2 + type.Length;
        BinaryPrimitives.WriteUInt32LittleEndian(body[at..], (uint)Schema.Length);
        Schema.Span.CopyTo(body[(at + 4)..]);
        return frame;
    }

    /// <summary>Why a peer's hello cannot be accepted by this side's hello, or null when it can.</summary>
    public string? RefusalFor(Hello peer) => RefusalFor(peer, out _);

    /// <summary>
    /// Why a peer's hello cannot be accepted by this side's hello, or null when it can. Fingerprints
    /// that differ on one message type are judged by comparing the two schemas
    /// (<paramref name="evolution"/>, null when the fingerprints are equal or not compared): both
    /// sides make the same comparison, so both refuse with the same words.
    /// </summary>
    public string? RefusalFor(Hello peer, out SchemaComparison? evolution)
    {
        evolution = null;
        if (peer.Role == Role)
            return $"Both sides of topic '{Topic}' are {Role.ToString().ToLowerInvariant()}s.";
        if (peer.Topic != Topic)
            return $"The peer asked for topic '{peer.Topic}' but this is topic '{Topic}'.";
        var subscriber = Role == PeerRole.Subscriber ? this : peer;
        if (peer.Fingerprint == Fingerprint || subscriber.Capabilities.HasFlag(HelloCapabilities.AnyMessageType))
            return null;
        var publisher = Role == PeerRole.Publisher ? this : peer;
        string mismatch = $"Topic '{Topic}' carries '{publisher.MessageType}' (fingerprint {publisher.Fingerprint:x16}) " +
                          $"but the subscriber expects '{subscriber.MessageType}' (fingerprint {subscriber.Fingerprint:x16})";
        if (publisher.MessageType != subscriber.MessageType)
            return mismatch + ".";
        evolution = SchemaEvolution.Compare(publisher.Schema, subscriber.Schema);
        return evolution.Verdict == SchemaVerdict.Refused ? $"{mismatch}, and the schemas are not compatible: {evolution.Reason}." : null;
    }

    private static string Utf8(ReadOnlySpan<byte> bytes, string what)
    {
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new ProtocolException($"Hello {what} is not valid UTF-8.");
        }
    }
}
