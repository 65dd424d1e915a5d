namespace Quiver.Arrow.Ipc;

/// <summary>
/// Reads the Arrow IPC stream format (<c>.arrows</c>): a Schema message, then dictionary and
/// RecordBatch messages, then an optional end-of-stream marker. Batches are views over the
/// stream's memory (no copy), which must stay valid while they are used. A dictionary batch
/// replaces the dictionary of its id for the record batches after it (a batch read earlier keeps
/// the one it was read with); delta dictionary batches are refused with
/// <see cref="ArrowNotSupportedException"/>, malformed input with <see cref="ArrowFormatException"/>.
/// </summary>
public sealed class IpcStreamReader
{
    private readonly ReadOnlyMemory<byte> _stream;
    private readonly IpcSchemaLayout _layout;
    private readonly List<long> _dictionaryIds = [];
    private readonly ArrayData?[] _dictionaries;
    private int _position;
    private bool _ended;

    /// <summary>Reads the schema message; the batches are read by <see cref="ReadNext"/>.</summary>
    public IpcStreamReader(ReadOnlyMemory<byte> stream)
    {
        _stream = stream;
        if (stream.IsEmpty)
            throw new ArrowFormatException("The IPC stream is empty; it must start with a schema message.");
        var first = EncapsulatedMessage.Read(stream, 0);
        if (first.IsEndOfStream)
            throw new ArrowFormatException("The IPC stream starts with an end-of-stream marker; it must start with a schema message.");
        Schema = IpcMessageReader.ReadSchema(IpcMessageReader.Expect(first, MessageHeaderType.Schema), _dictionaryIds);
        _layout = IpcSchemaLayout.Of(Schema);
        _dictionaries = new ArrayData?[_dictionaryIds.Count];
        _position = first.Length;
    }

    public Schema Schema { get; }

    /// <summary>Reads a whole <c>.arrows</c> file into memory; batches are views over that copy.</summary>
    public static IpcStreamReader FromFile(string path)
    {
        var length = new FileInfo(path).Length;
        if (length > Array.MaxLength)
            throw new ArrowNotSupportedException($"'{path}' is {length} bytes; Quiver reads IPC streams of up to {Array.MaxLength} bytes.");
        return new IpcStreamReader(File.ReadAllBytes(path));
    }

    /// <summary>The next batch, or null at the end-of-stream marker or at the end of the data.</summary>
    public RecordBatch? ReadNext()
    {
        while (!_ended)
        {
            if (_position == _stream.Length)
            {
                _ended = true;
                return null;
            }
            var message = EncapsulatedMessage.Read(_stream, _position);
            if (message.IsEndOfStream)
            {
                _ended = true;
                return null;
            }
            if (message.HeaderType == MessageHeaderType.DictionaryBatch && _dictionaries.Length > 0)
            {
                ReadDictionary(message);
                _position += message.Length;
                continue;
            }
            // A copy per batch: a later dictionary batch replaces entries of the array, not those this batch was bound to.
            var dictionaries = _dictionaries.Length == 0 ? null : (ArrayData?[])_dictionaries.Clone();
            var batch = RecordBatchDecoder.Decode(Schema, IpcMessageReader.Expect(message, MessageHeaderType.RecordBatch), owner: null, dictionaries);
            _position += message.Length;
            return batch;
        }
        return null;
    }

    public IEnumerable<RecordBatch> ReadAll()
    {
        while (ReadNext() is { } batch)
            yield return batch;
    }

    private void ReadDictionary(in EncapsulatedMessage message)
    {
        var at = message.Position;
        var batch = DictionaryBatchDecoder.Decode(_layout, message, id => FirstOrdinalOf(id, at));
        if (batch.IsDelta)
            throw new ArrowNotSupportedException($"The dictionary batch at byte {at} (id {batch.Id}) is a delta; Quiver reads dictionary batches that replace a dictionary, not delta dictionary batches.");
        // Fields may share a dictionary id; each of them gets the values.
        for (var i = 0; i < _dictionaryIds.Count; i++)
        {
            if (_dictionaryIds[i] == batch.Id)
                _dictionaries[i] = batch.Values;
        }
    }

    private int FirstOrdinalOf(long id, int at)
    {
        var ordinal = _dictionaryIds.IndexOf(id);
        return ordinal >= 0
            ? ordinal
            : throw new ArrowFormatException($"The dictionary batch at byte {at} has id {id}, which no field of the stream's schema uses (ids: {string.Join(", ", _dictionaryIds)}).");
    }
}
