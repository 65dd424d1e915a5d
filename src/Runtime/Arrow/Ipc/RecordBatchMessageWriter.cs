using Quiver.Arrow.Builders;

namespace Quiver.Arrow.Ipc;

/// <summary>
/// Writes one whole encapsulated IPC record batch message — metadata prefix, then body — straight
/// into a target region, such as a shared-memory sample: the body's builders write in place and
/// the prefix is written last, once the null counts are known. The result is exactly what
/// <see cref="IpcMessageReader.ReadRecordBatch"/> reads, without a byte copied on either side.
/// </summary>
public sealed class RecordBatchMessageWriter
{
    private readonly Memory<byte> _target;

    /// <param name="target">At least <see cref="GetMessageLength"/> bytes; the body's buffers are
    /// 64-byte aligned in memory when the target's first byte is.</param>
    public RecordBatchMessageWriter(RecordBatchLayout layout, Memory<byte> target)
    {
        ArgumentNullException.ThrowIfNull(layout);
        PrefixLength = layout.PrefixLength;
        MessageLength = checked(PrefixLength + layout.BodyLength);
        if (target.Length < MessageLength)
            throw new ArgumentException($"The target has {target.Length} bytes but the record batch message needs {MessageLength}.", nameof(target));
        _target = target[..MessageLength];
        Body = new RecordBatchWriter(layout, _target[PrefixLength..]);
    }

    /// <summary>The bytes a message of this layout occupies: prefix (dictionary batches and the record batch's metadata, a multiple of 64) plus body.</summary>
    public static int GetMessageLength(RecordBatchLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        return checked(layout.PrefixLength + layout.BodyLength);
    }

    /// <summary>The column builders; they write into the message's body.</summary>
    public RecordBatchWriter Body { get; }

    public int PrefixLength { get; }
    public int MessageLength { get; }

    /// <summary>The message, valid once <see cref="Finish"/> has returned.</summary>
    public Memory<byte> Message => _target;

    /// <summary>Finishes the body (see <see cref="RecordBatchWriter.Finish"/>) and writes the prefix before it.</summary>
    public FinishedRecordBatch Finish()
    {
        var finished = Body.Finish();
        finished.WritePrefix(_target.Span[..PrefixLength]);
        return finished;
    }
}
