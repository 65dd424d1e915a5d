using Quiver.Arrow.Ipc;

namespace Quiver.Arrow.Builders;

/// <summary>
/// What <see cref="RecordBatchWriter.Finish"/> produced: the batch as views over the target, and
/// what the IPC <c>RecordBatch</c> message header needs to describe the body (field nodes with
/// their null counts and buffer regions, both in IPC order, and the body length).
/// </summary>
/// <remarks>
/// A handle to the state of the writer that finished it, so that finishing allocates nothing: it
/// is valid until that writer is <see cref="RecordBatchWriter.Reset"/> onto another message, and
/// from then on every member throws <see cref="InvalidOperationException"/> rather than describe
/// the new message. Spans read from it (<see cref="FieldNodes"/>) are valid as long as it is. A
/// <see cref="RecordBatch"/> read from <see cref="Batch"/> before the reset owns its views and
/// stays valid (while the target's memory is not written again).
/// </remarks>
public readonly struct FinishedRecordBatch
{
    private readonly RecordBatchWriter? _writer;
    private readonly long _generation;

    internal FinishedRecordBatch(RecordBatchWriter writer, long generation)
    {
        _writer = writer;
        _generation = generation;
    }

    /// <summary>
    /// The batch; its arrays' buffers are slices of <see cref="Body"/>. It owns nothing: the
    /// target's owner keeps it alive. Made on first use, since a publisher that only sends the
    /// message never needs these views.
    /// </summary>
    public RecordBatch Batch => Writer.FinishedBatch();

    public int RowCount => Writer.Layout.RowCount;

    public ReadOnlySpan<IpcFieldNode> FieldNodes => Writer.FinishedNodes;

    public ReadOnlySpan<IpcBufferRegion> Buffers => Writer.Layout.Buffers;

    /// <summary>The written body: the first <see cref="BodyLength"/> bytes of the target.</summary>
    public ReadOnlyMemory<byte> Body => Writer.Body;

    public int BodyLength => Writer.Body.Length;

    /// <summary>The layout the batch was written to.</summary>
    internal RecordBatchLayout Layout => Writer.Layout;

    /// <summary>
    /// Writes what precedes the body in the message: the dictionary batches of the batch's
    /// dictionary-encoded arrays (ids 0, 1, … depth first), then the record batch's IPC prefix;
    /// exactly <see cref="RecordBatchLayout.PrefixLength"/> bytes.
    /// </summary>
    internal void WritePrefix(Span<byte> destination)
    {
        var writer = Writer;
        var position = 0;
        var dictionaries = writer.Dictionaries;
        for (var id = 0; id < dictionaries.Length; id++)
            position += dictionaries[id].WriteDictionaryMessage(destination[position..], id);
        writer.Layout.WritePrefix(destination[position..], writer.FinishedNodes);
    }

    private RecordBatchWriter Writer
    {
        get
        {
            if (_writer is null)
                throw new InvalidOperationException("This FinishedRecordBatch is the default value: it describes no batch.");
            if (!_writer.HasFinished(_generation))
                throw new InvalidOperationException("This finished batch is stale: its writer was reset onto another message since. Read what you need from it before resetting the writer.");
            return _writer;
        }
    }
}
