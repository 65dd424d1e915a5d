namespace Quiver.Arrow.Ipc;

/// <summary>
/// Writes the Arrow IPC stream format (<c>.arrows</c>): the schema message on construction, one
/// RecordBatch message per <see cref="Write"/>, the end-of-stream marker on <see cref="Finish"/>.
/// Sliced columns are written as their windows. Buffers are 64-byte aligned in the body and every
/// message is a multiple of 64 bytes. Dictionaries are written as dictionary batches before the
/// first record batch that uses them, and again before a batch whose dictionary is another array
/// (a replacement, as the stream format allows). The output stream is not closed: its owner closes it.
/// </summary>
public sealed class IpcStreamWriter : IDisposable
{
    private readonly Stream _output;
    private byte[] _prefix = [];
    private ArrayData?[] _writtenDictionaries = [];
    private bool _finished;

    public IpcStreamWriter(Stream output, Schema schema)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(schema);
        _output = output;
        Schema = schema;
        _output.Write(IpcMessageWriter.WriteSchema(schema));
    }

    public Schema Schema { get; }

    public void Write(RecordBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ObjectDisposedException.ThrowIf(_finished, this);
        if (!ReferenceEquals(batch.Schema, Schema) && !batch.Schema.Equals(Schema))
            throw new ArgumentException("The batch's schema differs from the stream's schema.", nameof(batch));
        var body = RecordBatchBody.Plan(batch);
        WriteChangedDictionaries(batch);
        var prefixLength = IpcMessageWriter.GetRecordBatchPrefixLength(body.Nodes.Length, body.Regions.Length);
        if (_prefix.Length < prefixLength)
            _prefix = new byte[prefixLength];
        var prefix = _prefix.AsSpan(0, prefixLength);
        IpcMessageWriter.WriteRecordBatchPrefix(prefix, batch.Length, body.Nodes, body.Regions, body.Length);
        _output.Write(prefix);
        body.WriteTo(_output);
    }

    private void WriteChangedDictionaries(RecordBatch batch)
    {
        var dictionaries = DictionaryBatchWriter.Collect(batch);
        if (_writtenDictionaries.Length != dictionaries.Length)
            _writtenDictionaries = new ArrayData?[dictionaries.Length];
        for (var i = 0; i < dictionaries.Length; i++)
        {
            if (ReferenceEquals(dictionaries[i], _writtenDictionaries[i]))
                continue;
            _output.Write(IpcMessageWriter.WriteDictionaryBatch(i, dictionaries[i]));
            _writtenDictionaries[i] = dictionaries[i];
        }
    }

    /// <summary>Writes the end-of-stream marker and flushes; later calls do nothing.</summary>
    public void Finish()
    {
        if (_finished)
            return;
        _finished = true;
        _output.Write(IpcMessageWriter.EndOfStream);
        _output.Flush();
    }

    public void Dispose() => Finish();
}
