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
    public static byte[] Write(FlatBufferBuilder builder, long id, ArrayData values)
    {
        ArrayDataValidator.Validate(values);
        var body = RecordBatchBody.PlanColumn(values);
        var data = RecordBatchMessageEncoder.WriteTable(builder, values.Length, body.Nodes, body.Regions, out _);
        builder.StartTable(DictionaryBatchSlots.Count);
        builder.AddInt64(DictionaryBatchSlots.Id, id);
        builder.AddOffset(DictionaryBatchSlots.Data, data);
        builder.AddBool(DictionaryBatchSlots.IsDelta, false);
        var flatbuffer = MessageEncoder.Finish(builder, MessageHeaderType.DictionaryBatch, builder.EndTable(), body.Length);
        var prefixLength = MessageEncoder.FramedLength(flatbuffer.Length);
        var message = new byte[checked(prefixLength + (int)body.Length)];
        MessageEncoder.Frame(flatbuffer, message.AsSpan(0, prefixLength));
        body.WriteTo(message.AsSpan(prefixLength));
        return message;
    }
}
