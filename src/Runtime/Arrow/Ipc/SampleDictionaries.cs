namespace Quiver.Arrow.Ipc;

/// <summary>
/// Reads what Quiver sends as one message when its schema has dictionary-encoded fields: one
/// dictionary batch per such field (id = the field's position among them, depth first, in any
/// order, none a delta, none twice), then the record batch. For a schema without dictionaries
/// the region is the record batch alone, as before.
/// </summary>
internal static class SampleDictionaries
{
    /// <summary>The dictionaries by position (null when the schema has none) and the record batch message that follows them.</summary>
    public static (ArrayData?[]? Dictionaries, EncapsulatedMessage RecordBatch) Read(Schema schema, ReadOnlyMemory<byte> region)
    {
        var layout = IpcSchemaLayout.Of(schema);
        return layout.DictionaryFields.Length == 0
            ? (null, IpcMessageReader.Expect(EncapsulatedMessage.Read(region, 0), MessageHeaderType.RecordBatch))
            : ReadWithDictionaries(layout, region);
    }

    // A method of its own: the lambda's captured variables would otherwise be allocated on every read, dictionaries or not.
    private static (ArrayData?[]? Dictionaries, EncapsulatedMessage RecordBatch) ReadWithDictionaries(IpcSchemaLayout layout, ReadOnlyMemory<byte> region)
    {
        var count = layout.DictionaryFields.Length;
        var dictionaries = new ArrayData?[count];
        var position = 0;
        while (true)
        {
            var message = EncapsulatedMessage.Read(region, position);
            if (message.HeaderType != MessageHeaderType.DictionaryBatch)
                return (dictionaries, IpcMessageReader.Expect(message, MessageHeaderType.RecordBatch));
            var batch = DictionaryBatchDecoder.Decode(layout, message, id => OrdinalOf(id, count, message.Position));
            if (batch.IsDelta)
                throw new ArrowFormatException($"The dictionary batch at byte {message.Position} (id {batch.Id}) is a delta; within one message every dictionary is sent whole.");
            if (dictionaries[batch.Id] is not null)
                throw new ArrowFormatException($"The dictionary batch at byte {message.Position} sends dictionary id {batch.Id} a second time.");
            dictionaries[batch.Id] = batch.Values;
            position += message.Length;
        }
    }

    private static int OrdinalOf(long id, int count, int position) => id >= 0 && id < count
        ? (int)id
        : throw new ArrowFormatException($"The dictionary batch at byte {position} has id {id}; this schema's dictionaries have ids 0 to {count - 1}.");
}
