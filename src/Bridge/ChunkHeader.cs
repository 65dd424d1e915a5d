using System.Buffers.Binary;

namespace Quiver.Bridge;

internal enum ChunkKind : byte
{
    /// <summary>A piece of a message.</summary>
    Chunk = 1,

    /// <summary>The exporter's local publisher is gone: importers end their local stream.</summary>
    EndOfStream = 2,

    /// <summary>Reliable mode: the exporter's announcement, stored in the stream before its first message.</summary>
    Announcement = 3,

    /// <summary>Whole small messages with consecutive ids, the first named by the header (<see cref="MessageBatch"/>).</summary>
    Batch = 4,
}

/// <summary>
/// The fixed header in front of every NATS message a bridge sends on a data subject
/// (docs/bridge.md, "Wire format"), little-endian, 48 bytes: magic "QVBR", version, kind, 2 zero
/// bytes, exporter id, message id, chunk index, chunk count, total length, checksum (XxHash3 of
/// this chunk's bytes). Chunks of one message are equal in size but the last, so the index alone
/// says where a chunk goes.
/// </summary>
internal readonly record struct ChunkHeader(ChunkKind Kind, ulong ExporterId, ulong MessageId, uint Index, uint Count, ulong TotalLength, ulong Checksum)
{
    public const int Size = 48;
    public const byte Version = 1;
    private const uint Magic = 0x52425651; // "QVBR" read as little-endian u32

    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(destination, Magic);
        destination[4] = Version;
        destination[5] = (byte)Kind;
        BinaryPrimitives.WriteUInt16LittleEndian(destination[6..], 0);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[8..], ExporterId);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[16..], MessageId);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[24..], Index);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[28..], Count);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[32..], TotalLength);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[40..], Checksum);
    }

    /// <summary>The header, or null with the reason when the bytes are not one this version writes.</summary>
    public static ChunkHeader? TryRead(ReadOnlySpan<byte> source, out string? problem)
    {
        problem = null;
        if (source.Length < Size)
            problem = $"{source.Length} bytes are shorter than a chunk header";
        else if (BinaryPrimitives.ReadUInt32LittleEndian(source) != Magic)
            problem = "no bridge magic";
        else if (source[4] != Version)
            problem = $"wire version {source[4]}; this bridge speaks {Version}";
        else if (source[5] is not ((byte)ChunkKind.Chunk or (byte)ChunkKind.EndOfStream or (byte)ChunkKind.Announcement or (byte)ChunkKind.Batch))
            problem = $"unknown kind {source[5]}";
        else if (BinaryPrimitives.ReadUInt16LittleEndian(source[6..]) != 0)
            problem = "reserved bytes are not zero";
        if (problem is not null)
            return null;
        return new ChunkHeader(
            (ChunkKind)source[5],
            BinaryPrimitives.ReadUInt64LittleEndian(source[8..]),
            BinaryPrimitives.ReadUInt64LittleEndian(source[16..]),
            BinaryPrimitives.ReadUInt32LittleEndian(source[24..]),
            BinaryPrimitives.ReadUInt32LittleEndian(source[28..]),
            BinaryPrimitives.ReadUInt64LittleEndian(source[32..]),
            BinaryPrimitives.ReadUInt64LittleEndian(source[40..]));
    }

    /// <summary>The size of every chunk but the last for a message cut into <paramref name="count"/> chunks.</summary>
    public static long ChunkLength(ulong totalLength, uint count) => count == 0 ? 0 : (long)((totalLength + count - 1) / count);
}
