using System.Buffers.Binary;

namespace Quiver.Transport;

/// <summary>
/// "The descriptor that came with this frame is your notification channel" (docs/protocol.md).
/// Body: u32 sample ring capacity, u32 drop ring capacity, u64 channel length in bytes; exactly one
/// descriptor rides along (SCM_RIGHTS). Capacities are powers of two of at least the publisher's
/// queue depth and at most the largest queue depth a hello may name.
/// </summary>
internal readonly record struct ChannelAnnouncement(uint SampleCapacity, uint DropCapacity, ulong Length)
{
    public const int FrameSize = FrameHeader.Size + FrameHeader.ChannelAnnouncementBody;

    public static ChannelAnnouncement Parse(ReadOnlySpan<byte> body)
    {
        if (body.Length != FrameHeader.ChannelAnnouncementBody)
            throw new ProtocolException($"Channel announcement body is {body.Length} bytes, not {FrameHeader.ChannelAnnouncementBody}.");
        return new ChannelAnnouncement(
            BinaryPrimitives.ReadUInt32LittleEndian(body),
            BinaryPrimitives.ReadUInt32LittleEndian(body[4..]),
            BinaryPrimitives.ReadUInt64LittleEndian(body[8..]));
    }

    /// <summary>Checks the geometry against the publisher's queue depth; a <see cref="ProtocolException"/> if it cannot be right.</summary>
    public void Validate(uint queueDepth)
    {
        foreach (var (name, capacity) in new[] { ("sample", SampleCapacity), ("drop", DropCapacity) })
        {
            if (capacity < queueDepth || capacity > Hello.MaxQueueDepth || !uint.IsPow2(capacity))
                throw new ProtocolException($"Channel announcement names a {name} ring of {capacity} entries; a power of two from the queue depth {queueDepth} to {Hello.MaxQueueDepth} is required.");
        }
        long expected = Ring.NotificationChannel.LengthFor((int)SampleCapacity, (int)DropCapacity);
        if (Length != (ulong)expected)
            throw new ProtocolException($"Channel announcement names {Length} bytes; its capacities need {expected}.");
    }

    public void Write(Span<byte> frame)
    {
        new FrameHeader(FrameType.ChannelAnnouncement, FrameHeader.ChannelAnnouncementBody).Write(frame);
        var body = frame[FrameHeader.Size..];
        BinaryPrimitives.WriteUInt32LittleEndian(body, SampleCapacity);
        BinaryPrimitives.WriteUInt32LittleEndian(body[4..], DropCapacity);
        BinaryPrimitives.WriteUInt64LittleEndian(body[8..], Length);
    }
}
