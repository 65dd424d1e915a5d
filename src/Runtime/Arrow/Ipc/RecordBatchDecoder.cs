using System.Buffers.Binary;
using Quiver.Arrow.Arrays;
using Quiver.Arrow.Ipc.Flatbuffers;
using Quiver.Arrow.Memory;
using Quiver.Arrow.Types;

namespace Quiver.Arrow.Ipc;

/// <summary>
/// Reads a <c>RecordBatch</c> header against a schema and binds arrays over the message body
/// without copying it: every buffer is a slice of the body. Counts, lengths and buffer regions
/// are checked here, then each column goes through <see cref="ArrayDataValidator"/>. One-shot
/// reads bind fresh arrays; <see cref="ReusableRecordBatchReader"/> binds the same ones again.
/// </summary>
internal static class RecordBatchDecoder
{
    private struct Cursor
    {
        public int Node;
        public int Buffer;
    }

    public static RecordBatch Decode(Schema schema, in EncapsulatedMessage message, IDisposable? owner, ArrayData?[]? dictionaries = null)
    {
        var columns = Unbound(schema);
        var length = Bind(schema, message, columns, dictionaries);
        return RecordBatch.OverOwnColumns(schema, columns, length, owner);
    }

    /// <summary>
    /// A view per column of <paramref name="schema"/> over an empty array with buffer and child
    /// slots for <see cref="Bind"/> to fill. Views only read their data when asked for a slot, so
    /// they can be made before it is bound.
    /// </summary>
    public static ArrowArray[] Unbound(Schema schema)
    {
        // The layout lists the fields depth first, children included, without the per-call lists of ArrowType.Children.
        var nodes = IpcSchemaLayout.Of(schema).Nodes;
        var next = 0;
        var columns = new ArrowArray[schema.Fields.Count];
        for (var i = 0; i < columns.Length; i++)
            columns[i] = ArrowArrayFactory.Create(Unbound(nodes, ref next));
        return columns;
    }

    private static ArrayData Unbound((Field Field, FieldPath Path)[] nodes, ref int next)
    {
        var type = nodes[next++].Field.Type;
        var children = type.ChildCount == 0 ? [] : new ArrayData[type.ChildCount];
        for (var i = 0; i < children.Length; i++)
            children[i] = Unbound(nodes, ref next);
        return new ArrayData(type, 0, 0, 0, new ArrowBuffer[type.BufferCount], children);
    }

    /// <summary>
    /// Binds the data of <paramref name="columns"/> (made by <see cref="Unbound(Schema)"/> for
    /// <paramref name="schema"/>) to the message's body and validates each column; returns the
    /// batch's length. <paramref name="dictionaries"/> gives the values of each dictionary-encoded
    /// field, by position in <see cref="IpcSchemaLayout.DictionaryFields"/>. Nothing from the
    /// message is trusted: on a throw the columns are partly bound and must not be read.
    /// <paramref name="record"/>, when given, receives each node's length and null count and each
    /// buffer's region of the body (for <see cref="RecordBatchLayoutCache"/>).
    /// </summary>
    public static int Bind(Schema schema, in EncapsulatedMessage message, ArrowArray[] columns, ArrayData?[]? dictionaries = null, RecordBatchLayoutCache.Layout? record = null)
    {
        var limits = FlatBufferLimits.For(message.Metadata.Length);
        return Bind(schema, message.OpenHeader(ref limits), message.Body, message.Position, columns, dictionaries, record);
    }

    /// <summary>Binds a <c>RecordBatch</c> table: a message's header, or the data of a dictionary batch.</summary>
    public static int Bind(Schema schema, FlatBufferTable header, ReadOnlyMemory<byte> body, int at, ArrowArray[] columns, ArrayData?[]? dictionaries, RecordBatchLayoutCache.Layout? record = null)
    {
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
        for (var i = 0; i < columns.Length; i++)
        {
            var data = columns[i].Data;
            BindArray(layout, nodes, buffers, body, ref cursor, at, data, dictionaries, record);
            ValidateColumn(schema, i, data, length, at);
        }
        return (int)length;
    }

    /// <summary>Checks column <paramref name="index"/>, just bound, against the batch's length and with <see cref="ArrayDataValidator"/>.</summary>
    public static void ValidateColumn(Schema schema, int index, ArrayData data, long length, int at)
    {
        if (data.Length != length)
            throw new ArrowFormatException($"{Where(at)}: column '{schema.Fields[index].Name}' has {data.Length} rows, the batch {length}.");
        try
        {
            ArrayDataValidator.Validate(data);
        }
        catch (ArrowFormatException e) when (e is not ArrowNotSupportedException)
        {
            throw new ArrowFormatException($"{Where(at)}: column '{schema.Fields[index].Name}': {e.Message}", e);
        }
    }

    private static void BindArray(IpcSchemaLayout layout, FlatBufferVector nodes, FlatBufferVector buffers, ReadOnlyMemory<byte> body, ref Cursor cursor, int at, ArrayData target, ArrayData?[]? dictionaries, RecordBatchLayoutCache.Layout? record)
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
        var arrayBuffers = target.Buffers;
        for (var i = 0; i < arrayBuffers.Length; i++)
            arrayBuffers[i] = SliceBody(buffers, cursor.Buffer++, body, path, at, record);
        var children = target.Children;
        for (var i = 0; i < children.Length; i++)
            BindArray(layout, nodes, buffers, body, ref cursor, at, children[i], dictionaries, record);
        var ordinal = layout.DictionaryOrdinals[nodeIndex];
        if (ordinal >= 0)
            target.Dictionary = dictionaries?[ordinal]
                ?? throw new ArrowFormatException($"{Where(at)}: field '{path}' is dictionary-encoded, but no dictionary batch for it came before the record batch.");
        // A null array has no validity bitmap: all of its slots are null, whatever the node says.
        var nulls = type is NullType ? length : nullCount;
        target.Rebind((int)length, (int)nulls);
        if (record is not null)
            record.Nodes[nodeIndex] = ((int)length, (int)nulls);
    }

    private static ArrowBuffer SliceBody(FlatBufferVector buffers, int index, ReadOnlyMemory<byte> body, FieldPath path, int at, RecordBatchLayoutCache.Layout? record)
    {
        var region = buffers.GetBytes(index);
        var offset = BinaryPrimitives.ReadInt64LittleEndian(region);
        var length = BinaryPrimitives.ReadInt64LittleEndian(region[8..]);
        if (offset < 0 || length < 0 || offset > body.Length || length > body.Length - offset)
            throw new ArrowFormatException($"{Where(at)}: buffer {index} ('{path}') covers {length} bytes from offset {offset}, outside the {body.Length}-byte body.");
        if (record is not null)
            record.Buffers[index] = ((int)offset, (int)length);
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
