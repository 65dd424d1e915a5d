namespace Quiver.Arrow.Ipc;

/// <summary>
/// Reads the Arrow IPC stream format (<c>.arrows</c>): a Schema message, then RecordBatch
/// messages, then an optional end-of-stream marker. Batches are views over the stream's memory
/// (no copy), which must stay valid while they are used. Dictionary batches are refused with
/// <see cref="ArrowNotSupportedException"/>; malformed input with <see cref="ArrowFormatException"/>.
/// </summary>
public sealed class IpcStreamReader
{
    private readonly ReadOnlyMemory<byte> _stream;
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
        Schema = IpcMessageReader.ReadSchema(IpcMessageReader.Expect(first, MessageHeaderType.Schema));
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
        if (_ended)
            return null;
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
        var batch = RecordBatchDecoder.Decode(Schema, IpcMessageReader.Expect(message, MessageHeaderType.RecordBatch), owner: null);
        _position += message.Length;
        return batch;
    }

    public IEnumerable<RecordBatch> ReadAll()
    {
        while (ReadNext() is { } batch)
            yield return batch;
    }
}
