using System.Buffers.Binary;

namespace Quiver.Arrow.Ipc;

/// <summary>
/// The prefix of every record batch message of one fixed shape, encoded once. When the row
/// count, every field node's length, the buffer regions and the body length are fixed (one
/// <see cref="Builders.RecordBatchLayout"/>), the metadata of two messages differs only in the
/// null counts, so writing a prefix is a copy of this template and one store per field node:
/// byte for byte what <see cref="IpcMessageWriter.WriteRecordBatchPrefix"/> writes, without
/// building the flatbuffer again. Immutable, so one template serves any number of threads.
/// </summary>
internal sealed class RecordBatchPrefixTemplate
{
    private readonly byte[] _prefix;
    private readonly long[] _lengths;
    private readonly int _firstNode;

    /// <param name="lengths">Every field node's length, in IPC order.</param>
    public RecordBatchPrefixTemplate(long rowCount, ReadOnlySpan<long> lengths, ReadOnlySpan<IpcBufferRegion> buffers, long bodyLength)
    {
        _lengths = lengths.ToArray();
        var nodes = new IpcFieldNode[lengths.Length];
        for (var i = 0; i < nodes.Length; i++)
            nodes[i] = new IpcFieldNode(lengths[i], 0);
        _prefix = new byte[IpcMessageWriter.GetRecordBatchPrefixLength(nodes.Length, buffers.Length)];
        IpcMessageWriter.WriteRecordBatchPrefix(_prefix, rowCount, nodes, buffers, bodyLength, out _firstNode);
    }

    /// <summary>The prefix's length, a multiple of 64.</summary>
    public int Length => _prefix.Length;

    /// <summary>Writes the prefix for a batch of this shape whose field nodes are <paramref name="nodes"/>.</summary>
    public void Write(Span<byte> destination, ReadOnlySpan<IpcFieldNode> nodes)
    {
        if (destination.Length != _prefix.Length)
            throw new ArgumentException($"The prefix is {_prefix.Length} bytes; the destination has {destination.Length}.", nameof(destination));
        if (nodes.Length != _lengths.Length)
            throw new ArgumentException($"The batch has {nodes.Length} field nodes; this prefix describes {_lengths.Length}.", nameof(nodes));
        for (var i = 0; i < nodes.Length; i++)
        {
            if (nodes[i].Length != _lengths[i] || nodes[i].NullCount < 0 || nodes[i].NullCount > nodes[i].Length)
                throw new ArgumentException($"Field node {i} has length {nodes[i].Length} and null count {nodes[i].NullCount}; this prefix describes length {_lengths[i]}.", nameof(nodes));
        }
        _prefix.CopyTo(destination);
        for (var i = 0; i < nodes.Length; i++)
            BinaryPrimitives.WriteInt64LittleEndian(destination[(_firstNode + i * RecordBatchSlots.StructSize + sizeof(long))..], nodes[i].NullCount);
    }
}
