using Quiver.Arrow.Ipc.Flatbuffers;

namespace Quiver.Arrow.Ipc;

/// <summary>
/// Writes the flatbuffers <c>Message</c> of a record batch. Every scalar is written even when it
/// equals its default and vtables are never shared, so the size depends only on the number of
/// field nodes and buffers: <see cref="FlatbufferLength"/> gives it without building anything.
/// </summary>
internal static class RecordBatchMessageEncoder
{
    /// <summary>
    /// The exact output size of <see cref="Build"/>, traced through <see cref="FlatBufferBuilder"/>:
    /// 16 bytes per node and per buffer, two vector counts with the 4 bytes of padding that
    /// keep the structs 8-aligned, the RecordBatch table (length, two offsets, vtable offset,
    /// 10-byte vtable, padding), the Message table (bodyLength, header, version, type, padding,
    /// vtable offset, 12-byte vtable), and the root offset with its padding: 88 bytes in all.
    /// </summary>
    public static int FlatbufferLength(int nodeCount, int bufferCount) =>
        checked(RecordBatchSlots.StructSize * (nodeCount + bufferCount) + 88);

    public static ReadOnlySpan<byte> Build(FlatBufferBuilder builder, long rowCount, ReadOnlySpan<IpcFieldNode> nodes, ReadOnlySpan<IpcBufferRegion> buffers, long bodyLength) =>
        Build(builder, rowCount, nodes, buffers, bodyLength, out _);

    /// <summary>A record batch message whose body buffers are each compressed with <paramref name="codec"/> (null: not compressed).</summary>
    public static ReadOnlySpan<byte> Build(FlatBufferBuilder builder, long rowCount, ReadOnlySpan<IpcFieldNode> nodes, ReadOnlySpan<IpcBufferRegion> buffers, long bodyLength, BodyCompressionCodec? codec)
    {
        var recordBatch = WriteTable(builder, rowCount, nodes, buffers, out _, codec);
        return MessageEncoder.Finish(builder, MessageHeaderType.RecordBatch, recordBatch, bodyLength);
    }

    /// <param name="firstNode">Where the first field node struct (its length, then its null count) lies in the returned flatbuffer.</param>
    public static ReadOnlySpan<byte> Build(FlatBufferBuilder builder, long rowCount, ReadOnlySpan<IpcFieldNode> nodes, ReadOnlySpan<IpcBufferRegion> buffers, long bodyLength, out int firstNode)
    {
        var recordBatch = WriteTable(builder, rowCount, nodes, buffers, out var nodeVector);
        var flatbuffer = MessageEncoder.Finish(builder, MessageHeaderType.RecordBatch, recordBatch, bodyLength);
        // Builder offsets count from the end; the vector's uint32 count directly precedes its elements.
        firstNode = flatbuffer.Length - nodeVector + sizeof(uint);
        return flatbuffer;
    }

    /// <summary>Writes the <c>RecordBatch</c> table alone (for a message of its own, or as a dictionary batch's data).</summary>
    /// <param name="codec">When given, the table says that every buffer of the body is compressed on its own with it (<c>BodyCompression</c>, method BUFFER).</param>
    public static int WriteTable(FlatBufferBuilder builder, long rowCount, ReadOnlySpan<IpcFieldNode> nodes, ReadOnlySpan<IpcBufferRegion> buffers, out int nodeVector, BodyCompressionCodec? codec = null)
    {
        var compression = codec is { } used ? WriteBodyCompression(builder, used) : 0;
        builder.StartVector(RecordBatchSlots.StructSize, buffers.Length, 8);
        for (var i = buffers.Length - 1; i >= 0; i--)
        {
            builder.PutInt64(buffers[i].Length);
            builder.PutInt64(buffers[i].Offset);
        }
        var bufferVector = builder.EndVector(buffers.Length);

        builder.StartVector(RecordBatchSlots.StructSize, nodes.Length, 8);
        for (var i = nodes.Length - 1; i >= 0; i--)
        {
            builder.PutInt64(nodes[i].NullCount);
            builder.PutInt64(nodes[i].Length);
        }
        nodeVector = builder.EndVector(nodes.Length);

        builder.StartTable(RecordBatchSlots.Count);
        builder.AddInt64(RecordBatchSlots.Length, rowCount);
        builder.AddOffset(RecordBatchSlots.Nodes, nodeVector);
        builder.AddOffset(RecordBatchSlots.Buffers, bufferVector);
        if (compression != 0)
            builder.AddOffset(RecordBatchSlots.Compression, compression);
        return builder.EndTable();
    }

    private static int WriteBodyCompression(FlatBufferBuilder builder, BodyCompressionCodec codec)
    {
        builder.StartTable(BodyCompressionSlots.Count);
        builder.AddUInt8(BodyCompressionSlots.Codec, (byte)codec);
        builder.AddUInt8(BodyCompressionSlots.Method, 0);
        return builder.EndTable();
    }
}
