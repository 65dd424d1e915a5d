using System.Buffers.Binary;
using Quiver.Arrow.Arrays;
using Quiver.Arrow.Ipc.Flatbuffers;
using Quiver.Arrow.Memory;
using Quiver.Arrow.Types;

namespace Quiver.Arrow.Ipc;

/// <summary>
/// Reads a <c>RecordBatch</c> header against a schema and makes views over the message body
/// without copying it: every buffer is a slice of the body. Counts, lengths and buffer regions
/// are checked here, then each column goes through <see cref="ArrayDataValidator"/>.
/// </summary>
internal static class RecordBatchDecoder
{
    private struct Cursor
    {
        public int Node;
        public int Buffer;
    }

    public static RecordBatch Decode(Schema schema, in EncapsulatedMessage message, IDisposable? owner)
    {
        var at = message.Position;
        var limits = FlatBufferLimits.For(message.Metadata.Length);
        var header = message.OpenHeader(ref limits);
        var layout = IpcSchemaLayout.Of(schema);

        var length = header.GetInt64(RecordBatchSlots.Length, 0);
        if (length is < 0 or > int.MaxValue)
            throw new ArrowFormatException($"{Where(at)} declares {length} rows; Quiver reads 0 to 2^31-1.");
        if (header.TryGetTable(RecordBatchSlots.Compression, out var compression))
            throw new ArrowNotSupportedException(
                $"{Where(at)} is compressed ({DescribeCodec(compression.GetUInt8(BodyCompressionSlots.Codec, 0))}); Quiver does not support IPC body compression.");
        var variadicCounts = header.GetVector(RecordBatchSlots.VariadicBufferCounts, 8).Count;
        if (variadicCounts != 0)
            throw new ArrowFormatException($"{Where(at)} gives {variadicCounts} variadic buffer counts, but its schema has no view types.");
        var nodes = header.GetVector(RecordBatchSlots.Nodes, RecordBatchSlots.StructSize);
        if (nodes.Count != layout.Nodes.Length)
            throw new ArrowFormatException($"{Where(at)} has {nodes.Count} field nodes; its schema needs {layout.Nodes.Length}.");
        var buffers = header.GetVector(RecordBatchSlots.Buffers, RecordBatchSlots.StructSize);
        if (buffers.Count != layout.BufferCount)
            throw new ArrowFormatException($"{Where(at)} has {buffers.Count} buffers; its schema needs {layout.BufferCount}.");

        var cursor = new Cursor();
        var columns = new ArrowArray[schema.Fields.Count];
        for (var i = 0; i < columns.Length; i++)
        {
            var data = ReadArray(layout, nodes, buffers, message.Body, ref cursor, at);
            var name = schema.Fields[i].Name;
            if (data.Length != length)
                throw new ArrowFormatException($"{Where(at)}: column '{name}' has {data.Length} rows, the batch {length}.");
            try
            {
                ArrayDataValidator.Validate(data);
            }
            catch (ArrowFormatException e) when (e is not ArrowNotSupportedException)
            {
                throw new ArrowFormatException($"{Where(at)}: column '{name}': {e.Message}", e);
            }
            columns[i] = ArrowArrayFactory.Create(data);
        }
        return RecordBatch.OverOwnColumns(schema, columns, (int)length, owner);
    }

    private static ArrayData ReadArray(IpcSchemaLayout layout, FlatBufferVector nodes, FlatBufferVector buffers, ReadOnlyMemory<byte> body, ref Cursor cursor, int at)
    {
        var nodeIndex = cursor.Node++;
        var (field, path) = layout.Nodes[nodeIndex];
        var node = nodes.GetBytes(nodeIndex);
        var length = BinaryPrimitives.ReadInt64LittleEndian(node);
        var nullCount = BinaryPrimitives.ReadInt64LittleEndian(node[8..]);
        if (length is < 0 or > int.MaxValue)
            throw new ArrowFormatException($"{Where(at)}: field node {nodeIndex} ('{path}') has length {length}; Quiver reads 0 to 2^31-1.");
        if (nullCount < 0 || nullCount > length)
            throw new ArrowFormatException($"{Where(at)}: field node {nodeIndex} ('{path}') has a null count of {nullCount} for a length of {length}.");

        var type = field.Type;
        var arrayBuffers = new ArrowBuffer[type.BufferCount];
        for (var i = 0; i < arrayBuffers.Length; i++)
            arrayBuffers[i] = SliceBody(buffers, cursor.Buffer++, body, path, at);
        var children = type.ChildCount == 0 ? [] : new ArrayData[type.ChildCount];
        for (var i = 0; i < children.Length; i++)
            children[i] = ReadArray(layout, nodes, buffers, body, ref cursor, at);
        // A null array has no validity bitmap: all of its slots are null, whatever the node says.
        var nulls = type is NullType ? length : nullCount;
        return new ArrayData(type, (int)length, (int)nulls, 0, arrayBuffers, children);
    }

    private static ArrowBuffer SliceBody(FlatBufferVector buffers, int index, ReadOnlyMemory<byte> body, FieldPath path, int at)
    {
        var region = buffers.GetBytes(index);
        var offset = BinaryPrimitives.ReadInt64LittleEndian(region);
        var length = BinaryPrimitives.ReadInt64LittleEndian(region[8..]);
        if (offset < 0 || length < 0 || offset > body.Length || length > body.Length - offset)
            throw new ArrowFormatException($"{Where(at)}: buffer {index} ('{path}') covers {length} bytes from offset {offset}, outside the {body.Length}-byte body.");
        return new ArrowBuffer(body.Slice((int)offset, (int)length));
    }

    /// <summary>The start of every message, built only when one is thrown.</summary>
    private static string Where(int position) => $"The record batch at byte {position}";

    private static string DescribeCodec(byte codec) => codec switch
    {
        0 => "LZ4_FRAME",
        1 => "ZSTD",
        _ => $"codec {codec}",
    };
}
