using Quiver.Arrow.Ipc.Flatbuffers;
using Quiver.Arrow.Types;

namespace Quiver.Arrow.Ipc;

/// <summary>
/// Writes the dictionaries of a record batch as encapsulated <c>DictionaryBatch</c> messages. The
/// dictionary of the i-th dictionary-encoded field (depth first) gets id i, the id
/// <see cref="SchemaEncoder"/> writes in the schema.
/// </summary>
internal static class DictionaryBatchWriter
{
    /// <summary>The dictionary of each dictionary-encoded field of the (validated) batch, depth first, as its arrays hold them.</summary>
    public static ArrayData[] Collect(RecordBatch batch)
    {
        var dictionaries = new List<ArrayData>();
        foreach (var column in batch.Columns)
            Collect(column.Data, dictionaries);
        return dictionaries.ToArray();
    }

    private static void Collect(ArrayData data, List<ArrayData> dictionaries)
    {
        if (data.Type is DictionaryType)
            dictionaries.Add(data.Dictionary ?? throw new ArgumentException($"A dictionary-encoded array ({data.Type}) has no dictionary."));
        foreach (var child in data.Children)
            Collect(child, dictionaries);
    }

    /// <summary>A whole encapsulated dictionary batch (not a delta) of <paramref name="values"/> with <paramref name="id"/>.</summary>
    public static byte[] Write(long id, ArrayData values)
    {
        var body = PlanBody(values);
        var message = new byte[MessageLength(body)];
        WriteTo(message, id, values.Length, body);
        return message;
    }

    /// <summary>The body of the dictionary batch of <paramref name="values"/>, which are validated first.</summary>
    public static RecordBatchBody PlanBody(ArrayData values)
    {
        ArrayDataValidator.Validate(values);
        return RecordBatchBody.PlanColumn(values);
    }

    /// <summary>The length of the whole dictionary batch message around <paramref name="body"/>.</summary>
    public static int MessageLength(RecordBatchBody body) =>
        checked(GetPrefixLength(body.Nodes.Length, body.Regions.Length) + (int)body.Length);

    /// <summary>Writes the dictionary batch message around <paramref name="body"/> into exactly <see cref="MessageLength"/> bytes.</summary>
    public static void WriteTo(Span<byte> destination, long id, long rowCount, RecordBatchBody body)
    {
        var prefixLength = WritePrefix(destination, id, rowCount, body.Nodes, body.Regions, body.Length);
        body.WriteTo(destination[prefixLength..]);
    }

    /// <summary>
    /// The prefix length of a dictionary batch whose data has these counts: every scalar is
    /// written and no vtable shared, so it depends on the counts alone, as a record batch's does.
    /// </summary>
    public static int GetPrefixLength(int nodeCount, int bufferCount) =>
        MessageEncoder.FramedLength(Build(IpcMessageWriter.RentBuilder(), 0, 0, new IpcFieldNode[nodeCount], new IpcBufferRegion[bufferCount], 0).Length);

    /// <summary>
    /// Writes a dictionary batch whose body a builder already wrote: the prefix (exactly
    /// <see cref="GetPrefixLength"/> bytes) and a copy of <paramref name="body"/> after it.
    /// </summary>
    public static void WriteInto(Span<byte> destination, long id, long rowCount, ReadOnlySpan<IpcFieldNode> nodes, ReadOnlySpan<IpcBufferRegion> regions, ReadOnlySpan<byte> body)
    {
        var prefixLength = WritePrefix(destination, id, rowCount, nodes, regions, body.Length);
        body.CopyTo(destination[prefixLength..]);
    }

    /// <summary>Writes the message's prefix at the start of <paramref name="destination"/>; returns its length.</summary>
    private static int WritePrefix(Span<byte> destination, long id, long rowCount, ReadOnlySpan<IpcFieldNode> nodes, ReadOnlySpan<IpcBufferRegion> regions, long bodyLength)
    {
        var flatbuffer = Build(IpcMessageWriter.RentBuilder(), id, rowCount, nodes, regions, bodyLength);
        var prefixLength = MessageEncoder.FramedLength(flatbuffer.Length);
        MessageEncoder.Frame(flatbuffer, destination[..prefixLength]);
        return prefixLength;
    }

    /// <summary>The flatbuffers <c>Message</c> of a dictionary batch; <paramref name="codec"/>, when given, says its body's buffers are compressed with it.</summary>
    internal static ReadOnlySpan<byte> Build(FlatBufferBuilder builder, long id, long rowCount, ReadOnlySpan<IpcFieldNode> nodes, ReadOnlySpan<IpcBufferRegion> regions, long bodyLength, bool isDelta = false, BodyCompressionCodec? codec = null)
    {
        var data = RecordBatchMessageEncoder.WriteTable(builder, rowCount, nodes, regions, out _, codec);
        builder.StartTable(DictionaryBatchSlots.Count);
        builder.AddInt64(DictionaryBatchSlots.Id, id);
        builder.AddOffset(DictionaryBatchSlots.Data, data);
        builder.AddBool(DictionaryBatchSlots.IsDelta, isDelta);
        return MessageEncoder.Finish(builder, MessageHeaderType.DictionaryBatch, builder.EndTable(), bodyLength);
    }
}
