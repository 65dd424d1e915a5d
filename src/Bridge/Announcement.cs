using System.Buffers.Binary;
using System.Text;
using Quiver.Transport;

namespace Quiver.Bridge;

/// <summary>
/// What an exporter tells importers about a topic: who it is (a random id per local publisher it
/// follows) and the contract of that publisher. Little-endian: magic "QVBA", u8 version, 3 zero
/// bytes, u64 exporter id, u64 fingerprint, u16 + UTF-8 message type, u32 + IPC schema message.
/// </summary>
internal sealed record Announcement(ulong ExporterId, TopicContract Contract)
{
    private const uint Magic = 0x41425651; // "QVBA"
    private const int FixedSize = 4 + 4 + 8 + 8;
    private const int MaxMessageTypeBytes = 1024;
    private const int MaxSchemaBytes = 1 << 20;
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    public byte[] ToBytes()
    {
        byte[] type = Encoding.UTF8.GetBytes(Contract.MessageType);
        var bytes = new byte[FixedSize + 2 + type.Length + 4 + Contract.Schema.Length];
        var span = bytes.AsSpan();
        BinaryPrimitives.WriteUInt32LittleEndian(span, Magic);
        span[4] = ChunkHeader.Version;
        BinaryPrimitives.WriteUInt64LittleEndian(span[8..], ExporterId);
        BinaryPrimitives.WriteUInt64LittleEndian(span[16..], Contract.Fingerprint);
        BinaryPrimitives.WriteUInt16LittleEndian(span[FixedSize..], (ushort)type.Length);
        type.CopyTo(span[(FixedSize + 2)..]);
        int at = FixedSize + 2 + type.Length;
        BinaryPrimitives.WriteUInt32LittleEndian(span[at..], (uint)Contract.Schema.Length);
        Contract.Schema.Span.CopyTo(span[(at + 4)..]);
        return bytes;
    }

    /// <summary>The announcement in <paramref name="bytes"/>, or null with the reason.</summary>
    public static Announcement? TryParse(ReadOnlySpan<byte> bytes, out string? problem)
    {
        problem = Check(bytes);
        if (problem is not null)
            return null;
        int typeLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes[FixedSize..]);
        string type;
        try
        {
            type = StrictUtf8.GetString(bytes.Slice(FixedSize + 2, typeLength));
        }
        catch (DecoderFallbackException)
        {
            problem = "the message type is not UTF-8";
            return null;
        }
        int at = FixedSize + 2 + typeLength;
        var schema = bytes.Slice(at + 4, (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes[at..])).ToArray();
        var contract = new TopicContract(type, BinaryPrimitives.ReadUInt64LittleEndian(bytes[16..]), schema);
        return new Announcement(BinaryPrimitives.ReadUInt64LittleEndian(bytes[8..]), contract);
    }

    private static string? Check(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < FixedSize + 2 || BinaryPrimitives.ReadUInt32LittleEndian(bytes) != Magic)
            return "not a bridge announcement";
        if (bytes[4] != ChunkHeader.Version)
            return $"announcement version {bytes[4]}; this bridge speaks {ChunkHeader.Version}";
        int typeLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes[FixedSize..]);
        if (typeLength is 0 or > MaxMessageTypeBytes || bytes.Length < FixedSize + 2 + typeLength + 4)
            return "the message type length does not fit";
        int at = FixedSize + 2 + typeLength;
        uint schemaLength = BinaryPrimitives.ReadUInt32LittleEndian(bytes[at..]);
        if (schemaLength > MaxSchemaBytes || bytes.Length != at + 4 + schemaLength)
            return "the schema length does not match the announcement's size";
        return null;
    }

    /// <summary>Whether a local publisher made for <paramref name="other"/> serves this contract too.</summary>
    public bool SameContract(Announcement other) =>
        Contract.Fingerprint == other.Contract.Fingerprint
        && Contract.MessageType == other.Contract.MessageType
        && Contract.Schema.Span.SequenceEqual(other.Contract.Schema.Span);
}
