using Quiver.Arrow.Ipc.Flatbuffers;

namespace Quiver.Arrow.Ipc;

/// <summary>One decoded dictionary batch: its id, whether it extends the dictionary (delta) or replaces it, and the values.</summary>
internal readonly record struct DictionaryBatch(long Id, bool IsDelta, ArrayData Values);

/// <summary>
/// Reads a <c>DictionaryBatch</c> message: the id, the delta flag, and the values, a one-column
/// record batch of the dictionary field's value type, bound over the body without a copy and
/// validated as any record batch is.
/// </summary>
internal static class DictionaryBatchDecoder
{
    /// <param name="ordinalOf">The position in <see cref="IpcSchemaLayout.DictionaryFields"/> of the field with this id; throws for an id the schema does not have.</param>
    public static DictionaryBatch Decode(IpcSchemaLayout layout, in EncapsulatedMessage message, Func<long, int> ordinalOf)
    {
        var limits = FlatBufferLimits.For(message.Metadata.Length);
        var header = message.OpenHeader(ref limits);
        var id = header.GetInt64(DictionaryBatchSlots.Id, 0);
        var ordinal = ordinalOf(id);
        if (!header.TryGetTable(DictionaryBatchSlots.Data, out var data))
            throw new ArrowFormatException($"The dictionary batch at byte {message.Position} (id {id}) has no data.");
        var schema = layout.DictionaryValueSchemas[ordinal];
        var columns = RecordBatchDecoder.Unbound(schema);
        RecordBatchDecoder.Bind(schema, data, message.Body, message.Position, columns, dictionaries: null);
        return new DictionaryBatch(id, header.GetBool(DictionaryBatchSlots.IsDelta, false), columns[0].Data);
    }
}
