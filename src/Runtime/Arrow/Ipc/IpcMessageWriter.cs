using Quiver.Arrow.Ipc.Flatbuffers;

namespace Quiver.Arrow.Ipc;

/// <summary>
/// Writes single encapsulated IPC messages (metadata version V5, little endian). Every message
/// is padded to a multiple of 64 bytes, so a body that follows its prefix is 64-byte aligned
/// relative to the message start.
/// </summary>
public static class IpcMessageWriter
{
    /// <summary>The 8-byte end-of-stream marker: the continuation marker and a metadata length of 0.</summary>
    public static ReadOnlySpan<byte> EndOfStream => [0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x00];

    [ThreadStatic]
    private static FlatBufferBuilder? t_builder;

    /// <summary>A whole encapsulated Schema message (it has no body).</summary>
    public static byte[] WriteSchema(Schema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var builder = RentBuilder();
        var flatbuffer = MessageEncoder.Finish(builder, MessageHeaderType.Schema, SchemaEncoder.Write(builder, schema), 0);
        var message = new byte[MessageEncoder.FramedLength(flatbuffer.Length)];
        MessageEncoder.Frame(flatbuffer, message);
        return message;
    }

    /// <summary>
    /// A whole encapsulated RecordBatch message, prefix and body, with sliced columns written as
    /// their windows. When the batch has dictionary-encoded columns, their dictionary batches come
    /// first (ids 0, 1, … depth first), so the result is the one region that
    /// <see cref="IpcMessageReader.ReadRecordBatch"/> reads back.
    /// </summary>
    public static byte[] WriteRecordBatch(RecordBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var plan = RecordBatchMessagePlan.Of(batch);
        var message = new byte[plan.Length];
        plan.WriteTo(message);
        return message;
    }

    /// <summary>A whole encapsulated DictionaryBatch message (not a delta): <paramref name="values"/> as the dictionary of <paramref name="id"/>.</summary>
    internal static byte[] WriteDictionaryBatch(long id, ArrayData values) => DictionaryBatchWriter.Write(id, values);

    /// <summary>
    /// The exact length of the prefix that <see cref="WriteRecordBatchPrefix"/> writes: continuation
    /// marker, metadata length, the RecordBatch message and zero padding, a multiple of 64.
    /// It depends only on the counts, so a writer can reserve it before it knows the values.
    /// </summary>
    public static int GetRecordBatchPrefixLength(int fieldNodeCount, int bufferCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fieldNodeCount);
        ArgumentOutOfRangeException.ThrowIfNegative(bufferCount);
        if ((long)fieldNodeCount + bufferCount > (int.MaxValue - 1024) / RecordBatchSlots.StructSize)
            throw new ArgumentOutOfRangeException(nameof(fieldNodeCount), $"{fieldNodeCount} field nodes and {bufferCount} buffers do not fit one message.");
        return MessageEncoder.FramedLength(RecordBatchMessageEncoder.FlatbufferLength(fieldNodeCount, bufferCount));
    }

    /// <summary>
    /// Writes the prefix of a RecordBatch message whose body (<paramref name="bodyLength"/> bytes,
    /// buffers at the given regions) follows it directly. <paramref name="destination"/> must be
    /// exactly <see cref="GetRecordBatchPrefixLength"/> bytes long; every byte of it is written.
    /// </summary>
    public static void WriteRecordBatchPrefix(Span<byte> destination, long rowCount, ReadOnlySpan<IpcFieldNode> nodes, ReadOnlySpan<IpcBufferRegion> buffers, long bodyLength) =>
        WriteRecordBatchPrefix(destination, rowCount, nodes, buffers, bodyLength, out _);

    /// <param name="firstNode">Where the first field node struct (its length, then its null count) lies in <paramref name="destination"/>.</param>
    internal static void WriteRecordBatchPrefix(Span<byte> destination, long rowCount, ReadOnlySpan<IpcFieldNode> nodes, ReadOnlySpan<IpcBufferRegion> buffers, long bodyLength, out int firstNode)
    {
        var expected = GetRecordBatchPrefixLength(nodes.Length, buffers.Length);
        if (destination.Length != expected)
            throw new ArgumentException(
                $"The prefix of a record batch with {nodes.Length} field nodes and {buffers.Length} buffers is {expected} bytes; the destination has {destination.Length}.",
                nameof(destination));
        ArgumentOutOfRangeException.ThrowIfNegative(rowCount);
        ArgumentOutOfRangeException.ThrowIfNegative(bodyLength);
        for (var i = 0; i < nodes.Length; i++)
        {
            if (nodes[i].Length < 0 || nodes[i].NullCount < 0 || nodes[i].NullCount > nodes[i].Length)
                throw new ArgumentException($"Field node {i} has length {nodes[i].Length} and null count {nodes[i].NullCount}.", nameof(nodes));
        }
        for (var i = 0; i < buffers.Length; i++)
        {
            if (buffers[i].Offset < 0 || buffers[i].Length < 0 || buffers[i].Offset > bodyLength - buffers[i].Length)
                throw new ArgumentException($"Buffer {i} covers {buffers[i].Length} bytes from offset {buffers[i].Offset}, outside a body of {bodyLength}.", nameof(buffers));
        }
        var flatbuffer = RecordBatchMessageEncoder.Build(RentBuilder(), rowCount, nodes, buffers, bodyLength, out var firstNodeInFlatbuffer);
        MessageEncoder.Frame(flatbuffer, destination);
        firstNode = EncapsulatedMessage.PrefixLength + firstNodeInFlatbuffer;
    }

    /// <summary>One builder per thread, reused: writing a prefix allocates nothing once it has grown.</summary>
    internal static FlatBufferBuilder RentBuilder()
    {
        var builder = t_builder ??= new FlatBufferBuilder(1024);
        builder.Clear();
        return builder;
    }
}
