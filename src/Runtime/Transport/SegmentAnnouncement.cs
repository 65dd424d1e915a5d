using System.Buffers.Binary;

namespace Quiver.Transport;

/// <summary>
/// "The descriptor that came with this frame is segment <see cref="Segment"/>, <see cref="Length"/> bytes".
/// Body: u32 segment id, u32 reserved (0), u64 length; exactly one descriptor rides along (SCM_RIGHTS).
/// </summary>
internal readonly record struct SegmentAnnouncement(uint Segment, ulong Length)
{
    public const int FrameSize = FrameHeader.Size + FrameHeader.AnnouncementBody;

    public static SegmentAnnouncement Parse(ReadOnlySpan<byte> body)
    {
        if (body.Length != FrameHeader.AnnouncementBody)
            throw new ProtocolException($"Segment announcement body is {body.Length} bytes, not {FrameHeader.AnnouncementBody}.");
        if (BinaryPrimitives.ReadUInt32LittleEndian(body[4..]) != 0)
            throw new ProtocolException("Segment announcement has a non-zero reserved field.");
        return new SegmentAnnouncement(BinaryPrimitives.ReadUInt32LittleEndian(body), BinaryPrimitives.ReadUInt64LittleEndian(body[8..]));
    }

    public void Write(Span<byte> frame)
    {
        new FrameHeader(FrameType.SegmentAnnouncement, FrameHeader.AnnouncementBody).Write(frame);
        var body = frame[FrameHeader.Size..];
        BinaryPrimitives.WriteUInt32LittleEndian(body, Segment);
        BinaryPrimitives.WriteUInt32LittleEndian(body[4..], 0);
        BinaryPrimitives.WriteUInt64LittleEndian(body[8..], Length);
    }
}
