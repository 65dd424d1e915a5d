using System.Runtime.InteropServices;
using Quiver.Arrow;
using Quiver.Arrow.Arrays;
using Quiver.Arrow.CData;
using Quiver.Arrow.Types;

namespace Quiver.Runtime.Tests.CData;

public unsafe class CArrowArrayRoundTripTests
{
    [Fact]
    public void RecordBatchOfEveryTypeComesBackEqualWithoutCopying()
    {
        var columns = TestArrays.AllTypesColumns();
        var schema = TestArrays.SchemaOf(columns);
        using var batch = new RecordBatch(schema, columns.Select(c => ArrowArrayFactory.Create(c.Data)), 5);
        var released = new CountingDisposable();
        var c = Allocate();
        try
        {
            CArrowArrayExporter.ExportRecordBatch(batch, c, released);
            Assert.Equal(5, c->length);
            Assert.Equal(0, c->null_count);
            Assert.Equal(0, c->offset);
            Assert.Equal(1, c->n_buffers);
            Assert.True(c->buffers[0] == null);
            Assert.Equal(columns.Length, c->n_children);
            Assert.True(c->dictionary == null);

            using (var imported = CArrowArrayImporter.ImportRecordBatch(c, schema))
            {
                Assert.True(c->release == null, "the import moves the struct, leaving the source released");
                Assert.Equal(5, imported.Length);
                Assert.Same(schema, imported.Schema);
                for (var i = 0; i < columns.Length; i++)
                {
                    ArrayDataAssert.Equal(columns[i].Data, imported.Column(i).Data, columns[i].Name);
                    ArrayDataAssert.SameMemory(columns[i].Data, imported.Column(i).Data, columns[i].Name);
                }
                Assert.Equal(0, released.Count);
            }
            Assert.Equal(1, released.Count);
        }
        finally
        {
            NativeMemory.Free(c);
        }
    }

    [Fact]
    public void ImportedValuesReadBackThroughTheTypedViews()
    {
        var columns = TestArrays.AllTypesColumns();
        var schema = TestArrays.SchemaOf(columns);
        using var batch = new RecordBatch(schema, columns.Select(c => ArrowArrayFactory.Create(c.Data)), 5);
        var c = Allocate();
        try
        {
            CArrowArrayExporter.ExportRecordBatch(batch, c);
            using var imported = CArrowArrayImporter.ImportRecordBatch(c, schema);
            var utf8 = (StringArray)imported.Column("utf8");
            Assert.Equal(["hi", null, "", "héllo", "ünïcødé"], Enumerable.Range(0, 5).Select(utf8.GetString));
            var large = (LargeStringArray)imported.Column("large_utf8");
            Assert.Equal("strings", large.GetString(3));
            Assert.Equal([int.MinValue, null, 0, 3, null], Enumerable.Range(0, 5).Select(((PrimitiveArray<int>)imported.Column("int32")).Get));
            Assert.Equal([103, 104, 105, 106, 107], ((PrimitiveArray<int>)imported.Column("sliced_int")).Values.ToArray());
            Assert.True(imported.Column("sliced_int").IsNull(0));
            Assert.True(imported.Column("sliced_int").IsNull(4));
            var list = (ListArray)imported.Column("list_int");
            Assert.Equal((3, 6), list.GetRange(3));
            Assert.Equal([4, 5, 6], ((PrimitiveArray<int>)list.GetList(3)).Values.ToArray());
            var st = (StructArray)imported.Column("struct");
            Assert.Equal("x", ((StringArray)st.Field("b")).GetString(3));
            Assert.True(st.IsNull(3));
            Assert.Equal(5, imported.Column("null").NullCount);
            Assert.Equal(new byte[] { 13, 14, 15 }, ((FixedSizeBinaryArray)imported.Column("fsb3")).GetBytes(4).ToArray());
        }
        finally
        {
            NativeMemory.Free(c);
        }
    }

    [Fact]
    public void SlicedArraysKeepTheirOffsetAcrossTheInterface()
    {
        var strings = TestArrays.Strings(Utf8Type.Default, "zero", "one", null, "three", "four", "five");
        var slice = ArrowArrayFactory.Create(strings).Slice(2, 3);
        var released = new CountingDisposable();
        var c = Allocate();
        try
        {
            CArrowArrayExporter.ExportArray(slice, c, released);
            Assert.Equal(2, c->offset);
            Assert.Equal(3, c->length);
            Assert.Equal(1, c->null_count);
            Assert.Equal(3, c->n_buffers);
            using (var imported = CArrowArrayImporter.ImportArray(c, Utf8Type.Default))
            {
                var view = (StringArray)imported.Array;
                Assert.Equal(2, view.Data.Offset);
                Assert.Equal([null, "three", "four"], Enumerable.Range(0, 3).Select(view.GetString));
                ArrayDataAssert.SameMemory(strings, imported.Array.Data);
            }
            Assert.Equal(1, released.Count);
        }
        finally
        {
            NativeMemory.Free(c);
        }
    }

    [Fact]
    public void EmptyArraysExportNonNullPointersForOffsetsAndValues()
    {
        var emptyStrings = new ArrayData(Utf8Type.Default, 0, 0, 0, [default, default, default]);
        var emptyInts = new ArrayData(IntType.Int64, 0, 0, 0, [default, default]);
        var schema = new Schema([new Field("s", Utf8Type.Default), new Field("i", IntType.Int64)]);
        using var batch = new RecordBatch(schema, [ArrowArrayFactory.Create(emptyStrings), ArrowArrayFactory.Create(emptyInts)], 0);
        var c = Allocate();
        try
        {
            CArrowArrayExporter.ExportRecordBatch(batch, c);
            var strings = c->children[0];
            Assert.True(strings->buffers[0] == null, "no validity bitmap when there are no nulls");
            Assert.True(strings->buffers[1] != null);
            Assert.Equal(0, *(int*)strings->buffers[1]);
            Assert.True(strings->buffers[2] != null);
            Assert.True(c->children[1]->buffers[1] != null);
            using var imported = CArrowArrayImporter.ImportRecordBatch(c, schema);
            Assert.Equal(0, imported.Length);
            Assert.Equal(0, imported.Column(0).Length);
        }
        finally
        {
            NativeMemory.Free(c);
        }
    }

    [Fact]
    public void ArraysOverNativeMemoryExportTheNativeAddresses()
    {
        var native = (byte*)NativeMemory.Alloc(4 * sizeof(int));
        var c = Allocate();
        try
        {
            for (var i = 0; i < 4; i++)
                ((int*)native)[i] = i * 10;
            var manager = new Quiver.Arrow.Memory.UnmanagedMemoryManager(native, 4 * sizeof(int));
            var data = new ArrayData(IntType.Int32, 4, 0, 0, [default, new Quiver.Arrow.Memory.ArrowBuffer(manager.Memory)]);
            CArrowArrayExporter.ExportArray(ArrowArrayFactory.Create(data), c);
            Assert.True(c->buffers[1] == native);
            using var imported = CArrowArrayImporter.ImportArray(c, IntType.Int32);
            Assert.Equal([0, 10, 20, 30], ((PrimitiveArray<int>)imported.Array).Values.ToArray());
        }
        finally
        {
            NativeMemory.Free(c);
            NativeMemory.Free(native);
        }
    }

    private static CArrowArray* Allocate() => (CArrowArray*)NativeMemory.AllocZeroed((nuint)sizeof(CArrowArray));
}
