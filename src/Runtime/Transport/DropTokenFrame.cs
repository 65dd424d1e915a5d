using System.Buffers.Binary;

namespace Quiver.Transport;

/// <summary>
/// A batch of released samples: u32 count (1..<see cref="FrameHeader.MaxDropTokens"/>), u32 reserved (0),
/// then count u64 sequences.
/// </summary>
internal static class DropTokenFrame
{
    public static int FrameSize(int count) => FrameHeader.Size + 8 + 8 * count;

    /// <summary>Appends the sequences of <paramref name="body"/> to <paramref name="sequences"/>.</summary>
    public static void Parse(ReadOnlySpan<byte> body, List<ulong> sequences)
    {
        if (body.Length < 16)
            throw new ProtocolException($"Drop token frame body of {body.Length} bytes is too short.");
        uint count = BinaryPrimitives.ReadUInt32LittleEndian(body);
        if (count == 0 || count > FrameHeader.MaxDropTokens)
            throw new ProtocolException($"Drop token frame with {count} tokens; 1 to {FrameHeader.MaxDropTokens} are allowed.");
        if (body.Length != 8 + 8 * (long)count)
            throw new ProtocolException($"Drop token frame says {count} tokens but its body holds {(body.Length - 8) / 8.0}.");
        if (BinaryPrimitives.ReadUInt32LittleEndian(body[4..]) != 0)
            throw new ProtocolException("Drop token frame has a non-zero reserved field.");
        for (int i = 0; i < count; i++)
            sequences.Add(BinaryPrimitives.ReadUInt64LittleEndian(body[(8 + 8 * i)..]));
    }

    public static int Write(Span<byte> frame, ReadOnlySpan<ulong> sequences)
    {
        if (sequences.Length is 0 or > FrameHeader.MaxDropTokens)
            throw new ArgumentOutOfRangeException(nameof(sequences));
        new FrameHeader(FrameType.DropTokens, 8 + 8 * sequences.Length).Write(frame);
        var body = frame[FrameHeader.Size..];
        BinaryPrimitives.WriteUInt32LittleEndian(body, (uint)sequences.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(body[4..], 0);
        for (int i = 0; i < sequences.Length; i++)
            BinaryPrimitives.WriteUInt64LittleEndian(body[(8 + 8 * i)..], sequences[i]);
        return FrameSize(sequences.Length);
    }
}
