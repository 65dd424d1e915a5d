using Quiver.Arrow.Arrays;

namespace Quiver.Arrow.Ipc;

/// <summary>
/// Reads RecordBatch messages of one schema again and again into the same objects: one
/// <see cref="RecordBatch"/>, its array views and their <see cref="ArrayData"/> are made once,
/// and every <see cref="Read"/> rebinds their buffers, lengths, null counts and offsets in place
/// to the next message, so a steady stream of messages allocates nothing. Each read runs every
/// check of <see cref="IpcMessageReader.ReadRecordBatch"/> (same decoder, same validator); nothing
/// in the message is trusted. A message whose metadata is byte for byte that of the last one read
/// is bound from the layout kept then (<see cref="RecordBatchLayoutCache"/>), without decoding its
/// flatbuffer again; its body length and every column's content are still checked. A schema with dictionary-encoded fields reads their dictionary
/// batches first, and allocates their arrays on every read.
/// <para>
/// The batch and everything read from it (arrays, slices, spans) describe the last message read
/// and are valid until the next <see cref="Read"/> or <see cref="Unbind"/>: the caller makes sure
/// nobody still reads them then (the typed receive path checks a generation on every view read for
/// that). A failed read leaves the reader unbound (<see cref="IsBound"/> false, the batch empty and
/// holding no memory), never half bound. Not thread-safe; do not dispose <see cref="Batch"/>.
/// </para>
/// </summary>
public sealed class ReusableRecordBatchReader
{
    private readonly ArrowArray[] _columns;
    private readonly RecordBatch _batch;
    private readonly RecordBatchLayoutCache? _layoutCache;

    public ReusableRecordBatchReader(Schema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        Schema = schema;
        _columns = RecordBatchDecoder.Unbound(schema);
        _batch = RecordBatch.OverOwnColumns(schema, _columns, 0, owner: null);
        _layoutCache = RecordBatchLayoutCache.For(schema);
    }

    public Schema Schema { get; }

    /// <summary>True after a successful <see cref="Read"/>, until the next failed one or <see cref="Unbind"/>.</summary>
    public bool IsBound { get; private set; }

    /// <summary>The batch of the last message read; throws <see cref="InvalidOperationException"/> while unbound.</summary>
    public RecordBatch Batch => IsBound ? _batch : throw new InvalidOperationException("No record batch is bound: the last read failed, or none was made yet.");

    /// <summary>
    /// Decodes and validates <paramref name="encapsulatedMessage"/> (a RecordBatch message of
    /// <see cref="Schema"/>) into <see cref="Batch"/>, without copying it: the memory must stay valid
    /// until the next read or <see cref="Unbind"/>. Throws <see cref="ArrowFormatException"/> for bad
    /// input, and is then unbound.
    /// </summary>
    public void Read(ReadOnlyMemory<byte> encapsulatedMessage)
    {
        IsBound = false;
        try
        {
            if (_layoutCache is { } cache && cache.TryBind(encapsulatedMessage, _columns, out var rowCount))
            {
                _batch.Rebound(rowCount);
            }
            else
            {
                var (dictionaries, message) = SampleDictionaries.Read(Schema, encapsulatedMessage);
                rowCount = RecordBatchDecoder.Bind(Schema, message, _columns, dictionaries, _layoutCache?.BeingRead);
                _batch.Rebound(rowCount);
                _layoutCache?.Remember(message, rowCount);
            }
        }
        catch
        {
            Unbind();
            throw;
        }
        IsBound = true;
    }

    /// <summary>Empties the batch: no row, no buffer, no reference left to the last message's memory.</summary>
    public void Unbind()
    {
        IsBound = false;
        _layoutCache?.Forget();
        foreach (var column in _columns)
            column.Data.Unbind();
        _batch.Rebound(0);
    }

    /// <summary>
    /// Ends the read for a caller that makes sure nothing reads the arrays until the next
    /// <see cref="Read"/> (the typed lease: every view checks a generation first): the batch is
    /// unbound and has no row, but the arrays keep their buffers, so that a next message of the
    /// same layout at the same place in memory is bound without setting them again. Their memory
    /// stays referenced until then, never read.
    /// </summary>
    internal void Release()
    {
        IsBound = false;
        _batch.Rebound(0);
    }
}
