using System.Runtime.InteropServices;

namespace Quiver.Arrow.CData;

/// <summary>
/// The producer side of one <see cref="CArrowArrayStream"/>: the schema, the batches still to
/// hand out, and the text of the last error. <c>private_data</c> is a <see cref="GCHandle"/> to
/// it. Every callback catches its exceptions — they must not unwind into the C caller — and turns
/// them into an errno plus a message that <c>get_last_error</c> returns until the next callback.
/// </summary>
internal sealed unsafe class ExportedStream
{
    private readonly Schema _schema;
    private IEnumerator<RecordBatch>? _batches;
    private byte* _lastError;
    private GCHandle _self;
    private int _handedOut;

    private ExportedStream(Schema schema, IEnumerator<RecordBatch> batches)
    {
        _schema = schema;
        _batches = batches;
    }

    public static void Export(Schema schema, IEnumerable<RecordBatch> batches, CArrowArrayStream* output)
    {
        var stream = new ExportedStream(schema, batches.GetEnumerator());
        stream._self = GCHandle.Alloc(stream);
        *output = new CArrowArrayStream
        {
            get_schema = &GetSchema,
            get_next = &GetNext,
            get_last_error = &GetLastError,
            release = &Release,
            private_data = (void*)GCHandle.ToIntPtr(stream._self),
        };
    }

    private static ExportedStream? From(CArrowArrayStream* stream) =>
        stream == null || stream->private_data == null ? null : GCHandle.FromIntPtr((nint)stream->private_data).Target as ExportedStream;

    /// <summary>The state of a live stream, its previous error text dropped: the text only had to last until this call.</summary>
    private static ExportedStream Begin(CArrowArrayStream* stream)
    {
        var state = From(stream) ?? throw new InvalidOperationException("The ArrowArrayStream is released.");
        state.ClearError();
        return state;
    }

    [UnmanagedCallersOnly]
    private static int GetSchema(CArrowArrayStream* stream, CArrowSchema* output)
    {
        ExportedStream? state = null;
        try
        {
            state = Begin(stream);
            if (output == null)
                throw new ArgumentNullException(nameof(output), "get_schema was given a null ArrowSchema.");
            CArrowSchemaExporter.ExportSchema(state._schema, output);
            return 0;
        }
        catch (Exception e)
        {
            return Fail(state, e);
        }
    }

    [UnmanagedCallersOnly]
    private static int GetNext(CArrowArrayStream* stream, CArrowArray* output)
    {
        ExportedStream? state = null;
        try
        {
            state = Begin(stream);
            if (output == null)
                throw new ArgumentNullException(nameof(output), "get_next was given a null ArrowArray.");
            state.ExportNext(output);
            return 0;
        }
        catch (Exception e)
        {
            return Fail(state, e);
        }
    }

    [UnmanagedCallersOnly]
    private static byte* GetLastError(CArrowArrayStream* stream)
    {
        try
        {
            return From(stream)?._lastError;
        }
        catch (Exception e)
        {
            CDataCallbackErrors.Report(e);
            return null;
        }
    }

    [UnmanagedCallersOnly]
    private static void Release(CArrowArrayStream* stream)
    {
        try
        {
            var state = From(stream);
            stream->release = null;
            stream->private_data = null;
            state?.Close();
        }
        catch (Exception e)
        {
            CDataCallbackErrors.Report(e);
        }
    }

    private void ExportNext(CArrowArray* output)
    {
        if (_batches is null || !_batches.MoveNext())
        {
            // End of stream: a released (zeroed) array, as the spec signals it.
            *output = default;
            EndBatches();
            return;
        }
        var batch = _batches.Current ?? throw new InvalidOperationException($"Batch {_handedOut} of the stream is null.");
        try
        {
            if (!batch.Schema.Equals(_schema))
                throw new ArrowFormatException($"Batch {_handedOut} of the stream has schema ({batch.Schema}), the stream declares ({_schema}).");
            // The consumer owns the batch from here: its release disposes it.
            CArrowArrayExporter.ExportRecordBatch(batch, output, onReleased: batch);
            _handedOut++;
        }
        catch
        {
            batch.Dispose();
            throw;
        }
    }

    /// <summary>Keeps the error text for get_last_error (when there is a live stream to keep it in) and returns its errno.</summary>
    private static int Fail(ExportedStream? state, Exception error)
    {
        if (state is null)
            return Errno.For(error);
        try
        {
            var text = NativeUtf8.Terminated(error.Message);
            state._lastError = (byte*)NativeMemory.Alloc((nuint)text.Length);
            text.CopyTo(new Span<byte>(state._lastError, text.Length));
            return Errno.For(error);
        }
        catch (OutOfMemoryException)
        {
            return Errno.ENOMEM;
        }
    }

    private void ClearError()
    {
        if (_lastError != null)
        {
            NativeMemory.Free(_lastError);
            _lastError = null;
        }
    }

    private void EndBatches()
    {
        var batches = _batches;
        _batches = null;
        batches?.Dispose();
    }

    private void Close()
    {
        ClearError();
        _self.Free();
        EndBatches();
    }
}
