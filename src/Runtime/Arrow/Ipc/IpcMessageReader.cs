namespace Quiver.Arrow.Ipc;

/// <summary>
/// Reads single encapsulated IPC messages from memory. Bytes after the message are ignored.
/// Everything is validated; bad input throws <see cref="ArrowFormatException"/>, and a
/// well-formed message using a feature Quiver lacks throws <see cref="ArrowNotSupportedException"/>.
/// </summary>
public static class IpcMessageReader
{
    public static Schema ReadSchema(ReadOnlyMemory<byte> encapsulatedMessage) =>
        ReadSchema(Expect(EncapsulatedMessage.Read(encapsulatedMessage, 0), MessageHeaderType.Schema));

    /// <summary>
    /// Reads a RecordBatch message against <paramref name="schema"/>. No byte is copied: the
    /// batch's buffers are slices of <paramref name="encapsulatedMessage"/>, which must stay valid
    /// while the batch is used. On success the batch takes <paramref name="owner"/> and disposes it
    /// with itself; on failure the caller still owns it. When the schema has dictionary-encoded
    /// fields, the record batch is preceded by their dictionary batches, as
    /// <see cref="IpcMessageWriter.WriteRecordBatch"/> writes them (docs/protocol.md).
    /// </summary>
    public static RecordBatch ReadRecordBatch(Schema schema, ReadOnlyMemory<byte> encapsulatedMessage, IDisposable? owner = null)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var (dictionaries, recordBatch) = SampleDictionaries.Read(schema, encapsulatedMessage);
        return RecordBatchDecoder.Decode(schema, recordBatch, owner, dictionaries);
    }

    internal static Schema ReadSchema(in EncapsulatedMessage message, List<long>? dictionaryIds = null)
    {
        var limits = Flatbuffers.FlatBufferLimits.For(message.Metadata.Length);
        return SchemaDecoder.Decode(message.OpenHeader(ref limits), dictionaryIds);
    }

    /// <summary>Refuses a message other than the one expected, naming what it is.</summary>
    internal static EncapsulatedMessage Expect(EncapsulatedMessage message, MessageHeaderType expected)
    {
        if (message.HeaderType == expected)
            return message;
        var where = $"The IPC message at byte {message.Position}";
        throw message.HeaderType switch
        {
            MessageHeaderType.None => new ArrowFormatException($"{where} is an end-of-stream marker, not a {expected} message."),
            MessageHeaderType.DictionaryBatch => new ArrowFormatException($"{where} is a dictionary batch where a {expected} message was expected (its schema has no dictionary-encoded field left to send one for)."),
            MessageHeaderType.Tensor or MessageHeaderType.SparseTensor => new ArrowNotSupportedException($"{where} is a {message.HeaderType} message, which Quiver does not support."),
            MessageHeaderType.Schema or MessageHeaderType.RecordBatch => new ArrowFormatException($"{where} is a {message.HeaderType} message where a {expected} message was expected."),
            _ => new ArrowFormatException($"{where} has an unknown header type {(byte)message.HeaderType}."),
        };
    }
}
