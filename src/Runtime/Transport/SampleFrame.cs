using System.Buffers.Binary;

namespace Quiver.Transport;

/// <summary>
/// "Sample <see cref="Sequence"/> is ready": <see cref="Length"/> bytes at <see cref="Offset"/> in
/// segment <see cref="Segment"/>, sent at <see cref="Timestamp"/> (ns since the Unix epoch).
/// Body: u64 sequence, u32 segment, u32 reserved (0), u64 offset, u64 length, i64 timestamp.
/// </summary>
internal readonly record struct SampleFrame(ulong Sequence, uint Segment, ulong Offset, ulong Length, long Timestamp)
{
    public static SampleFrame Parse(ReadOnlySpan<byte> body)
    {
        if (body.Length != FrameHeader.SampleBody)
            throw new ProtocolException($"Sample frame body is {body.Length} bytes, not {FrameHeader.SampleBody}.");
        if (BinaryPrimitives.ReadUInt32LittleEndian(body[12..]) != 0)
            throw new ProtocolException("Sample frame has a non-zero reserved field.");
        return new SampleFrame(
            BinaryPrimitives.ReadUInt64LittleEndian(body),
            BinaryPrimitives.ReadUInt32LittleEndian(body[8..]),
            BinaryPrimitives.ReadUInt64LittleEndian(body[16..]),
            BinaryPrimitives.ReadUInt64LittleEndian(body[24..]),
            BinaryPrimitives.ReadInt64LittleEndian(body[32..]));
    }

    public void Write(Span<byte> frame)
    {
        new FrameHeader(FrameType.Sample, FrameHeader.SampleBody).Write(frame);
        WriteBody(frame[FrameHeader.Size..]);
    }

    /// <summary>The 40-byte body, which is also the layout of a sample ring entry.</summary>
    public void WriteBody(Span<byte> body)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(body, Sequence);
        BinaryPrimitives.WriteUInt32LittleEndian(body[8..], Segment);
        BinaryPrimitives.WriteUInt32LittleEndian(body[12..], 0);
        BinaryPrimitives.WriteUInt64LittleEndian(body[16..], Offset);
        BinaryPrimitives.WriteUInt64LittleEndian(body[24..], Length);
        BinaryPrimitives.WriteInt64LittleEndian(body[32..], Timestamp);
    }

    public const int FrameSize = FrameHeader.Size + FrameHeader.SampleBody;
}
