using Quiver.Arrow.Arrays;
using Quiver.Arrow.Ipc;

namespace Quiver.Arrow.Builders;

/// <summary>
/// What <see cref="RecordBatchWriter.Finish"/> produced: the batch as views over the target, and
/// what the IPC <c>RecordBatch</c> message header needs to describe the body (field nodes with
/// their null counts and buffer regions, both in IPC order, and the body length).
/// </summary>
public sealed class FinishedRecordBatch
{
    private readonly IpcFieldNode[] _fieldNodes;
    private readonly IpcBufferRegion[] _buffers;
    private readonly ColumnBuilder[] _columns;
    private RecordBatch? _batch;

    internal FinishedRecordBatch(RecordBatchLayout layout, ColumnBuilder[] columns, IpcFieldNode[] fieldNodes, Memory<byte> body)
    {
        Layout = layout;
        _columns = columns;
        _fieldNodes = fieldNodes;
        _buffers = layout.BufferArray;
        Body = body;
    }

    /// <summary>
    /// The batch; its arrays' buffers are slices of <see cref="Body"/>. It owns nothing: the
    /// target's owner keeps it alive. Made on first use, since a publisher that only sends the
    /// message never needs these views; threads racing here may each get an equal batch.
    /// </summary>
    public RecordBatch Batch => _batch ??= CreateBatch();

    public int RowCount => Layout.RowCount;

    public ReadOnlySpan<IpcFieldNode> FieldNodes => _fieldNodes;

    public ReadOnlySpan<IpcBufferRegion> Buffers => _buffers;

    /// <summary>The written body: the first <see cref="BodyLength"/> bytes of the target.</summary>
    public ReadOnlyMemory<byte> Body { get; }

    public int BodyLength => Body.Length;

    /// <summary>The layout the batch was written to.</summary>
    internal RecordBatchLayout Layout { get; }

    /// <summary>Writes the IPC prefix of this batch: exactly <see cref="IpcMessageWriter.GetRecordBatchPrefixLength"/> bytes.</summary>
    internal void WritePrefix(Span<byte> destination) => Layout.WritePrefix(destination, _fieldNodes);

    private RecordBatch CreateBatch()
    {
        var arrays = new ArrowArray[_columns.Length];
        for (var i = 0; i < arrays.Length; i++)
            arrays[i] = ArrowArrayFactory.Create(_columns[i].ToArrayData(_fieldNodes));
        // The builders were made from the layout's schema, so the types and lengths agree by construction.
        return RecordBatch.OverOwnColumns(Layout.Schema, arrays, Layout.RowCount, owner: null);
    }
}
