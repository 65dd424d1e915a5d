using System.Runtime.InteropServices;

namespace Quiver.Arrow.CData;

/// <summary>
/// A producer's <see cref="CArrowArrayStream"/>, moved into Quiver's memory. <see cref="ReadNext"/>
/// pulls one batch (null at the end); each batch is independent of the stream and is released
/// to its producer when disposed. <see cref="Dispose"/> releases the stream exactly once.
/// Not thread-safe, like the C stream itself.
/// </summary>
public sealed unsafe class ImportedArrayStream : IDisposable
{
    private const int MaxErrorBytes = 64 << 10;

    private nint _stream;
    private bool _ended;
    private string? _failure;

    internal ImportedArrayStream(CArrowArrayStream* stream, Schema schema)
    {
        _stream = (nint)stream;
        Schema = schema;
    }

    public Schema Schema { get; }

    /// <summary>The next batch, or null once the producer signals the end.</summary>
    public RecordBatch? ReadNext()
    {
        var stream = (CArrowArrayStream*)_stream;
        ObjectDisposedException.ThrowIf(stream == null, this);
        if (_failure is not null)
            throw new ArrowFormatException($"The ArrowArrayStream failed earlier and cannot continue: {_failure}");
        if (_ended)
            return null;
        var next = default(CArrowArray);
        var code = stream->get_next(stream, &next);
        if (code != 0)
        {
            _failure = Describe(stream, "get_next", code);
            throw new ArrowFormatException(_failure);
        }
        if (next.release == null)
        {
            _ended = true;
            return null;
        }
        return CArrowArrayImporter.ImportRecordBatch(&next, Schema);
    }

    /// <summary>The producer's error text; read right away because it is only valid until the next callback.</summary>
    internal static string Describe(CArrowArrayStream* stream, string callback, int code)
    {
        var text = NativeUtf8.ReadLenient(stream->get_last_error(stream), MaxErrorBytes);
        return $"ArrowArrayStream {callback} failed with error {code}: {text ?? "no description"}.";
    }

    public void Dispose()
    {
        var stream = (CArrowArrayStream*)Interlocked.Exchange(ref _stream, 0);
        if (stream == null)
            return;
        if (stream->release != null)
        {
            stream->release(stream);
            stream->release = null;
        }
        NativeMemory.Free(stream);
    }
}
