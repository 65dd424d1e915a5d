using System.Buffers.Binary;
using Quiver.Arrow.Ipc.Flatbuffers;

namespace Quiver.Arrow.Ipc;

/// <summary>
/// The header of a record batch or dictionary batch message read without a schema: row count,
/// field nodes, buffer regions and body compression, plus a dictionary batch's id and delta flag.
/// It lets a tool rewrite a batch's body (compress or decompress its buffers) and encode the same
/// header around the new body with <see cref="EncodePrefix"/>. Fields it would not carry over
/// (variadic buffer counts, custom metadata) are refused rather than dropped.
/// </summary>
internal sealed class BatchMessageHeader
{
    private BatchMessageHeader(MessageHeaderType type, long dictionaryId, bool isDelta, long rowCount, IpcFieldNode[] nodes, IpcBufferRegion[] buffers, BodyCompressionCodec? codec)
    {
        Type = type;
        DictionaryId = dictionaryId;
        IsDelta = isDelta;
        RowCount = rowCount;
        Nodes = nodes;
        Buffers = buffers;
        Codec = codec;
    }

    public MessageHeaderType Type { get; }
    public long DictionaryId { get; }
    public bool IsDelta { get; }
    public long RowCount { get; }
    public IpcFieldNode[] Nodes { get; }

    /// <summary>The buffers' regions of the body, each checked to lie inside it.</summary>
    public IpcBufferRegion[] Buffers { get; }

    /// <summary>The codec every buffer of the body is compressed with; null for an uncompressed body.</summary>
    public BodyCompressionCodec? Codec { get; }

    /// <summary>Reads the header of <paramref name="message"/>, a record batch or dictionary batch; throws <see cref="ArrowFormatException"/> or <see cref="ArrowNotSupportedException"/>.</summary>
    public static BatchMessageHeader Read(in EncapsulatedMessage message)
    {
        var where = $"The {message.HeaderType} message at byte {message.Position}";
        if (message.HeaderType is not (MessageHeaderType.RecordBatch or MessageHeaderType.DictionaryBatch))
            throw new ArrowFormatException($"{where} is not a record batch or dictionary batch.");
        var limits = FlatBufferLimits.For(message.Metadata.Length);
        if (FlatBufferTable.ReadRoot(message.Metadata.Span, ref limits).Has(MessageSlots.CustomMetadata))
            throw new ArrowNotSupportedException($"{where} has custom metadata, which Quiver does not carry over when it rewrites a body.");
        var header = message.OpenHeader(ref limits);
        long id = 0;
        var isDelta = false;
        var table = header;
        if (message.HeaderType == MessageHeaderType.DictionaryBatch)
        {
            id = header.GetInt64(DictionaryBatchSlots.Id, 0);
            isDelta = header.GetBool(DictionaryBatchSlots.IsDelta, false);
            if (!header.TryGetTable(DictionaryBatchSlots.Data, out table))
                throw new ArrowFormatException($"{where} has no data.");
        }
        if (table.GetVector(RecordBatchSlots.VariadicBufferCounts, 8).Count != 0)
            throw new ArrowNotSupportedException($"{where} has variadic buffer counts (view types), which Quiver does not support.");
        var rowCount = table.GetInt64(RecordBatchSlots.Length, 0);
        if (rowCount < 0)
            throw new ArrowFormatException($"{where} declares {rowCount} rows.");
        BodyCompressionCodec? codec = null;
        if (table.TryGetTable(RecordBatchSlots.Compression, out var compression))
            codec = ReadCodec(compression, where);
        return new BatchMessageHeader(message.HeaderType, id, isDelta, rowCount, ReadNodes(table, where), ReadBuffers(table, message.Body.Length, where), codec);
    }

    /// <summary>
    /// The encapsulated prefix (marker, length, metadata, padding to 64) of this batch around a
    /// body of <paramref name="bodyLength"/> bytes whose buffers lie at <paramref name="buffers"/>,
    /// compressed with <paramref name="codec"/> or not at all.
    /// </summary>
    public byte[] EncodePrefix(ReadOnlySpan<IpcBufferRegion> buffers, long bodyLength, BodyCompressionCodec? codec)
    {
        var builder = IpcMessageWriter.RentBuilder();
        var flatbuffer = Type == MessageHeaderType.DictionaryBatch
            ? DictionaryBatchWriter.Build(builder, DictionaryId, RowCount, Nodes, buffers, bodyLength, IsDelta, codec)
            : RecordBatchMessageEncoder.Build(builder, RowCount, Nodes, buffers, bodyLength, codec);
        var prefix = new byte[MessageEncoder.FramedLength(flatbuffer.Length)];
        MessageEncoder.Frame(flatbuffer, prefix);
        return prefix;
    }

    private static BodyCompressionCodec ReadCodec(FlatBufferTable compression, string where)
    {
        var method = compression.GetUInt8(BodyCompressionSlots.Method, 0);
        if (method != 0)
            throw new ArrowNotSupportedException($"{where} uses body compression method {method}; Arrow defines only BUFFER (0).");
        var codec = compression.GetUInt8(BodyCompressionSlots.Codec, 0);
        return codec switch
        {
            (byte)BodyCompressionCodec.Lz4Frame => BodyCompressionCodec.Lz4Frame,
            (byte)BodyCompressionCodec.Zstd => BodyCompressionCodec.Zstd,
            _ => throw new ArrowNotSupportedException($"{where} is compressed with codec {codec}, which Arrow does not define (0 is LZ4_FRAME, 1 is ZSTD)."),
        };
    }

    private static IpcFieldNode[] ReadNodes(FlatBufferTable table, string where)
    {
        var vector = table.GetVector(RecordBatchSlots.Nodes, RecordBatchSlots.StructSize);
        var nodes = new IpcFieldNode[vector.Count];
        for (var i = 0; i < nodes.Length; i++)
        {
            var (length, nullCount) = Pair(vector, i);
            var node = new IpcFieldNode(length, nullCount);
            if (node.Length < 0 || node.NullCount < 0 || node.NullCount > node.Length)
                throw new ArrowFormatException($"{where}: field node {i} has length {node.Length} and null count {node.NullCount}.");
            nodes[i] = node;
        }
        return nodes;
    }

    private static IpcBufferRegion[] ReadBuffers(FlatBufferTable table, int bodyLength, string where)
    {
        var vector = table.GetVector(RecordBatchSlots.Buffers, RecordBatchSlots.StructSize);
        var buffers = new IpcBufferRegion[vector.Count];
        for (var i = 0; i < buffers.Length; i++)
        {
            var (offset, length) = Pair(vector, i);
            var region = new IpcBufferRegion(offset, length);
            if (region.Offset < 0 || region.Length < 0 || region.Offset > bodyLength || region.Length > bodyLength - region.Offset)
                throw new ArrowFormatException($"{where}: buffer {i} covers {region.Length} bytes from offset {region.Offset}, outside the {bodyLength}-byte body.");
            buffers[i] = region;
        }
        return buffers;
    }

    /// <summary>FieldNode and Buffer are both structs of two int64s.</summary>
    private static (long First, long Second) Pair(FlatBufferVector vector, int index)
    {
        var bytes = vector.GetBytes(index);
        return (BinaryPrimitives.ReadInt64LittleEndian(bytes), BinaryPrimitives.ReadInt64LittleEndian(bytes[8..]));
    }
}
