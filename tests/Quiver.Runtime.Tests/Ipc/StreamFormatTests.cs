using Quiver.Arrow;
using Quiver.Arrow.Arrays;
using Quiver.Arrow.Ipc;
using Quiver.Arrow.Types;
using static Quiver.Runtime.Tests.Ipc.HandBuiltArrays;

namespace Quiver.Runtime.Tests.Ipc;

public class StreamFormatTests
{
    private static byte[] WriteStream(Schema schema, params RecordBatch[] batches)
    {
        var output = new MemoryStream();
        using (var writer = new IpcStreamWriter(output, schema))
        {
            foreach (var batch in batches)
                writer.Write(batch);
        }
        return output.ToArray();
    }

    [Fact]
    public void RoundTripsSeveralBatches()
    {
        var columns = SampleColumns.All();
        var batch = SampleColumns.Batch(columns);
        var bytes = WriteStream(batch.Schema, batch, batch, batch);

        var reader = new IpcStreamReader(bytes);
        Assert.Equal(batch.Schema, reader.Schema);
        var batches = reader.ReadAll().ToList();
        Assert.Equal(3, batches.Count);
        foreach (var read in batches)
            for (var i = 0; i < columns.Length; i++)
                Assert.True(RecordBatchMessageTests.Equivalent(columns[i].Expected, ColumnWalker.ToValues(read.Column(i))), columns[i].Field.Name);
        Assert.Null(reader.ReadNext());
        Assert.Equal(IpcMessageWriter.EndOfStream.ToArray(), bytes[^8..]);
    }

    [Fact]
    public void WritesTheEndMarkerOnceAndRefusesLaterBatches()
    {
        var schema = new Schema([new Field("i", IntType.Int32)]);
        var output = new MemoryStream();
        var writer = new IpcStreamWriter(output, schema);
        writer.Finish();
        writer.Dispose();
        var bytes = output.ToArray();
        Assert.Equal(IpcMessageWriter.WriteSchema(schema).Length + 8, bytes.Length);
        Assert.Throws<ObjectDisposedException>(() => writer.Write(new RecordBatch(schema, [ArrowArrayFactory.Create(Primitive<int>(IntType.Int32, 1))], 1)));
        Assert.Empty(new IpcStreamReader(bytes).ReadAll());
    }

    [Fact]
    public void RefusesBatchOfAnotherSchema()
    {
        var writer = new IpcStreamWriter(new MemoryStream(), new Schema([new Field("i", IntType.Int32)]));
        var other = new Schema([new Field("j", IntType.Int32)]);
        var e = Assert.Throws<ArgumentException>(() => writer.Write(new RecordBatch(other, [ArrowArrayFactory.Create(Primitive<int>(IntType.Int32, 1))], 1)));
        Assert.StartsWith("The batch's schema differs from the stream's schema.", e.Message);
    }

    [Fact]
    public void ReadsStreamWithoutEndMarker()
    {
        var schema = new Schema([new Field("i", IntType.Int32)]);
        var batch = new RecordBatch(schema, [ArrowArrayFactory.Create(Primitive<int>(IntType.Int32, 5, 6))], 2);
        var bytes = WriteStream(schema, batch)[..^8];
        var reader = new IpcStreamReader(bytes);
        Assert.Equal([5, 6], ColumnWalker.ToValues(reader.ReadNext()!.Column(0)));
        Assert.Null(reader.ReadNext());
        Assert.Null(reader.ReadNext());
    }

    [Fact]
    public void StopsAtTheEndMarkerEvenWithBytesAfterIt()
    {
        var schema = new Schema([new Field("i", IntType.Int32)]);
        var bytes = WriteStream(schema).Concat(new byte[] { 1, 2, 3 }).ToArray();
        Assert.Empty(new IpcStreamReader(bytes).ReadAll());
    }

    [Fact]
    public void ReadsFromFile()
    {
        var schema = new Schema([new Field("s", Utf8Type.Default)]);
        var path = Path.Combine(Path.GetTempPath(), $"quiver-ipc-{Guid.NewGuid():N}.arrows");
        try
        {
            File.WriteAllBytes(path, WriteStream(schema, new RecordBatch(schema, [ArrowArrayFactory.Create(Strings("x", null))], 2)));
            var reader = IpcStreamReader.FromFile(path);
            Assert.Equal(schema, reader.Schema);
            Assert.Equal(["x", null], ColumnWalker.ToValues(reader.ReadAll().Single().Column(0)));
        }
        finally
        {
            File.Delete(path);
        }
    }

    public static TheoryData<int, int> Windows() => new() { { 0, 10 }, { 3, 5 }, { 1, 9 }, { 8, 2 }, { 7, 0 }, { 9, 1 } };

    [Theory]
    [MemberData(nameof(Windows))]
    public void WritesSlicedColumnsAsTheirWindow(int offset, int length)
    {
        var columns = SampleColumns.All();
        var schema = new Schema(columns.Select(c => c.Field));
        var sliced = new RecordBatch(schema, columns.Select(c => ArrowArrayFactory.Create(c.Data.Slice(offset, length))), length);
        var read = new IpcStreamReader(WriteStream(schema, sliced)).ReadAll().Single();
        Assert.Equal(length, read.Length);
        for (var i = 0; i < columns.Length; i++)
        {
            var expected = columns[i].Expected.GetRange(offset, length);
            Assert.True(RecordBatchMessageTests.Equivalent(expected, ColumnWalker.ToValues(read.Column(i))), $"{columns[i].Field.Name} [{offset}, +{length})");
            Assert.Equal(0, read.Column(i).Data.Offset);
        }
    }

    [Fact]
    public void RebasesOffsetsAndShiftsBitmaps()
    {
        var columns = SampleColumns.All();
        var schema = new Schema(columns.Select(c => c.Field));
        var sliced = new RecordBatch(schema, columns.Select(c => ArrowArrayFactory.Create(c.Data.Slice(3, 5))), 5);
        var read = new IpcStreamReader(WriteStream(schema, sliced)).ReadAll().Single();

        var strings = (StringArray)read.Column("utf8");
        Assert.Equal(0, strings.ValueOffsets[0]);
        // Slots 3..7 are "δέλτα", "e", "ff", null, "ggg": only their bytes are written.
        Assert.Equal(System.Text.Encoding.UTF8.GetByteCount("δέλτα") + 1 + 2 + 3, strings.ValueData.Length);
        var list = (ListArray)read.Column("list");
        Assert.Equal(0, list.ValueOffsets[0]);
        // Lists 3..7 have 3, 1, 2, null and 1 values: the child is written from its first to its last.
        Assert.Equal(3 + 1 + 2 + 0 + 1, list.Values.Length);
        // Slots 3..7 of [true, false, null, true, true, false, null, false, true, true], moved to bit 0,
        // with the bits past the window cleared.
        var bools = (BooleanArray)read.Column("bool");
        Assert.Equal([true, true, false, null, false], ColumnWalker.ToValues(bools));
        var bitmapBits = bools.Data.Buffers[1].Span[0];
        Assert.Equal(0b0_0011, bitmapBits);
        Assert.Equal(0b1_0111, bools.Data.ValidityBitmap[0]);
    }

    [Fact]
    public void WritesNestedSlicesWhoseChildrenAreAlsoSliced()
    {
        // struct<l: list<int16>> where the struct's child is itself a slice of a longer list.
        var inner = Primitive<short>(IntType.Int16, 1, 2, 3, 4, 5, 6, 7, 8);
        var listType = new ListType(new Field("item", IntType.Int16));
        var lists = List(listType, inner, 1, 2, null, 3, 2).Slice(1, 4); // [2,3], null, [4,5,6], [7,8]
        var structType = new StructType([new Field("l", listType)]);
        var structs = Struct(structType, [lists], true, true, false, true).Slice(1, 3);
        var schema = new Schema([new Field("s", structType)]);
        var read = new IpcStreamReader(WriteStream(schema, new RecordBatch(schema, [ArrowArrayFactory.Create(structs)], 3))).ReadAll().Single();
        var values = ColumnWalker.ToValues(read.Column(0));
        Assert.True(RecordBatchMessageTests.Equivalent([new List<object?> { null }, null, new List<object?> { new List<object?> { (short)7, (short)8 } }], values));
    }
}
