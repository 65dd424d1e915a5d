using Quiver.Arrow;
using Quiver.Arrow.Ipc;
using Quiver.Arrow.Types;

namespace Quiver.Runtime.Tests.Ipc;

/// <summary>
/// Reading a record batch message allocates the batch's own objects and nothing else: no per-call
/// schema layout, no path or error text on success, no copies of arrays Quiver made itself.
/// Allocation counts are deterministic, so the bound is exact, not a timing.
/// </summary>
public class ReadAllocationTests
{
    private const int Reads = 200;

    // Object sizes on a 64-bit runtime: an object has a 16-byte header (sync block + method
    // table), an array 24 (with its length); fields are 8 bytes per reference and padded to 8.
    // ArrayData: 4 references (type, buffers, children, dictionary) + 3 ints, padded.
    private const long ArrayDataBytes = 64;
    // ArrowBuffer is one ReadOnlyMemory<byte>: a reference and two ints.
    private const long ArrowBufferBytes = 16;
    private const long ArrayHeaderBytes = 24;
    private const long ReferenceBytes = 8;
    // A view holds its ArrayData; list and struct views also hold their lazily made child views.
    private const long LeafViewBytes = 24;
    private const long NestedViewBytes = 32;
    // RecordBatch: schema, columns, owner, length, disposed flag.
    private const long RecordBatchBytes = 48;

    [Fact]
    public void ReadingARecordBatchAllocatesOnlyTheBatchItself()
    {
        Assert.True(Environment.Is64BitProcess, "The object sizes below are those of a 64-bit runtime.");
        var batch = SampleColumns.Batch(SampleColumns.All());
        var message = IpcMessageWriter.WriteRecordBatch(batch);
        var schema = batch.Schema;

        // The first reads load types, compile and cache the schema's layout: once per schema, not per message.
        for (var i = 0; i < 20; i++)
            IpcMessageReader.ReadRecordBatch(schema, message);

        var rows = 0L;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Reads; i++)
            rows += IpcMessageReader.ReadRecordBatch(schema, message).Length;
        var perRead = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)Reads;

        Assert.Equal((long)SampleColumns.Rows * Reads, rows);
        var expected = BatchBytes(schema);
        Assert.True(perRead <= expected, $"A read allocated {perRead} bytes; the batch's own objects take {expected}.");
    }

    [Fact]
    public void TheBoundCountsEveryNodeOfTheSchema()
    {
        // struct<a: int64, b: list<item: utf8>>: 4 ArrayData (64 each); buffer arrays of 1, 2, 2
        // and 3 buffers (4 x 24 + 8 x 16); children arrays of 2 and 1 (24 + 16, 24 + 8); one struct
        // view (32); the columns array of 1 (32); the batch (48).
        var type = new StructType([new Field("a", IntType.Int64), new Field("b", new ListType(new Field("item", Utf8Type.Default)))]);
        Assert.Equal(4 * 64 + 4 * 24 + 8 * 16 + 40 + 32 + 32 + 32 + 48, BatchBytes(new Schema([new Field("s", type)])));
    }

    /// <summary>What a read must allocate for a batch of <paramref name="schema"/>: one of each object per column, child and buffer.</summary>
    private static long BatchBytes(Schema schema)
    {
        var bytes = RecordBatchBytes + ArrayHeaderBytes + ReferenceBytes * schema.Fields.Count;
        foreach (var field in schema.Fields)
            bytes += NodeBytes(field.Type) + (field.Type.Children.Count == 0 ? LeafViewBytes : NestedViewBytes);
        return bytes;
    }

    /// <summary>One ArrayData with its buffer array and (when it has children) its children array, and the same for each child.</summary>
    private static long NodeBytes(ArrowType type)
    {
        var bytes = ArrayDataBytes + ArrayHeaderBytes + ArrowBufferBytes * type.BufferCount;
        if (type.Children.Count > 0)
            bytes += ArrayHeaderBytes + ReferenceBytes * type.Children.Count;
        foreach (var child in type.Children)
            bytes += NodeBytes(child.Type);
        return bytes;
    }
}
