using System.Buffers.Binary;

namespace Quiver.Transport;

/// <summary>
/// The 8 bytes before every frame body: u32 body length, u16 type, u16 flags (zero).
/// Parsing checks the type is one the sender may send and the length is the one (or within the
/// bound) its type allows, before a single body byte is buffered.
/// </summary>
internal readonly record struct FrameHeader(FrameType Type, int BodyLength)
{
    public const int Size = 8;
    public const int MaxSchemaBytes = 1 << 20;
    public const int MaxHelloBody = MaxSchemaBytes + 4096;
    public const int MaxRefusalBody = 4096;
    public const int MaxDropTokens = 4096;
    public const int SampleBody = 40;
    public const int AnnouncementBody = 16;
    public const int ChannelAnnouncementBody = 16;

    public static FrameHeader Parse(ReadOnlySpan<byte> bytes, PeerRole sender)
    {
        uint length = BinaryPrimitives.ReadUInt32LittleEndian(bytes);
        ushort type = BinaryPrimitives.ReadUInt16LittleEndian(bytes[4..]);
        ushort flags = BinaryPrimitives.ReadUInt16LittleEndian(bytes[6..]);
        if (flags != 0)
            throw new ProtocolException($"Frame of type {type} has flags 0x{flags:x4}; no flags are defined.");
        var frameType = (FrameType)type;
        bool allowed = sender == PeerRole.Publisher
            ? frameType is FrameType.Hello or FrameType.Refusal or FrameType.SegmentAnnouncement or FrameType.Sample or FrameType.Goodbye or FrameType.ChannelAnnouncement
            : frameType is FrameType.Hello or FrameType.DropTokens or FrameType.Goodbye;
        if (!allowed)
            throw new ProtocolException($"Frame type {type} is not one a {sender.ToString().ToLowerInvariant()} sends.");
        bool lengthValid = frameType switch
        {
            FrameType.Hello => length <= MaxHelloBody,
            FrameType.Refusal => length <= MaxRefusalBody,
            FrameType.SegmentAnnouncement => length == AnnouncementBody,
            FrameType.Sample => length == SampleBody,
            FrameType.ChannelAnnouncement => length == ChannelAnnouncementBody,
            FrameType.DropTokens => length >= 16 && length <= 8 + 8 * MaxDropTokens && length % 8 == 0,
            _ => length == 0,
        };
        if (!lengthValid)
            throw new ProtocolException($"{frameType} frame with a body of {length} bytes is not allowed.");
        return new FrameHeader(frameType, (int)length);
    }

    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(destination, (uint)BodyLength);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[4..], (ushort)Type);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[6..], 0);
    }
}
