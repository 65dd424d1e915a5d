using System.Runtime.InteropServices;
using Quiver.Arrow;
using Quiver.Arrow.Arrays;
using Quiver.Arrow.CData;
using Quiver.Arrow.Types;

namespace Quiver.Runtime.Tests.CData;

/// <summary>The export side of the release contract: onReleased runs once, after the last struct of the export is released.</summary>
public unsafe class CArrowArrayReleaseTests
{
    private static RecordBatch ThreeColumns() => new(
        new Schema([new Field("a", IntType.Int32), new Field("s", Utf8Type.Default), new Field("l", new ListType(new Field("item", IntType.Int8)))]),
        [
            ArrowArrayFactory.Create(TestArrays.Primitive(IntType.Int32, [1, 2, 3])),
            ArrowArrayFactory.Create(TestArrays.Strings(Utf8Type.Default, "x", null, "zz")),
            ArrowArrayFactory.Create(TestArrays.List(TestArrays.Primitive(IntType.Int8, new sbyte[] { 7, 8, 9 }), [0, 1, 1, 3])),
        ], 3);

    [Fact]
    public void ReleasingTheRootRunsOnReleasedOnceAndMarksEveryStructReleased()
    {
        using var batch = ThreeColumns();
        var released = new CountingDisposable();
        var c = Allocate();
        try
        {
            CArrowArrayExporter.ExportRecordBatch(batch, c, released);
            Assert.True(c->children[2]->children[0]->release != null);
            Assert.Equal(0, released.Count);
            c->release(c);
            Assert.True(c->release == null);
            Assert.True(c->private_data == null);
            Assert.Equal(1, released.Count);
        }
        finally
        {
            NativeMemory.Free(c);
        }
    }

    [Fact]
    public void ChildrenMovedOutDelayOnReleasedUntilTheyAreReleasedInAnyOrder()
    {
        using var batch = ThreeColumns();
        var released = new CountingDisposable();
        var c = Allocate();
        var strings = Allocate();
        var list = Allocate();
        var listValues = Allocate();
        try
        {
            CArrowArrayExporter.ExportRecordBatch(batch, c, released);
            // Move column 1 and column 2 out, and the values of column 2 out of the moved list.
            *strings = *c->children[1];
            c->children[1]->release = null;
            *list = *c->children[2];
            c->children[2]->release = null;
            *listValues = *list->children[0];
            list->children[0]->release = null;

            c->release(c);
            Assert.Equal(0, released.Count);
            list->release(list);
            Assert.True(list->release == null);
            Assert.Equal(0, released.Count);
            // The moved structs still point at live memory: the buffers are still there.
            Assert.Equal("zz"u8.ToArray(), new ReadOnlySpan<byte>((byte*)strings->buffers[2] + 1, 2).ToArray());
            strings->release(strings);
            Assert.Equal(0, released.Count);
            Assert.Equal(8, ((sbyte*)listValues->buffers[1])[1]);
            listValues->release(listValues);
            Assert.Equal(1, released.Count);
        }
        finally
        {
            NativeMemory.Free(c);
            NativeMemory.Free(strings);
            NativeMemory.Free(list);
            NativeMemory.Free(listValues);
        }
    }

    [Fact]
    public void AMovedChildCanBeImportedOnItsOwn()
    {
        using var batch = ThreeColumns();
        var released = new CountingDisposable();
        var c = Allocate();
        var column = Allocate();
        try
        {
            CArrowArrayExporter.ExportRecordBatch(batch, c, released);
            *column = *c->children[1];
            c->children[1]->release = null;
            c->release(c);
            using (var imported = CArrowArrayImporter.ImportArray(column, Utf8Type.Default))
            {
                Assert.Equal(0, released.Count);
                Assert.Equal("zz", ((StringArray)imported.Array).GetString(2));
            }
            Assert.Equal(1, released.Count);
        }
        finally
        {
            NativeMemory.Free(c);
            NativeMemory.Free(column);
        }
    }

    [Fact]
    public void DisposingAnImportTwiceReleasesOnce()
    {
        using var batch = ThreeColumns();
        var released = new CountingDisposable();
        var c = Allocate();
        try
        {
            CArrowArrayExporter.ExportRecordBatch(batch, c, released);
            var imported = CArrowArrayImporter.ImportRecordBatch(c, batch.Schema);
            imported.Dispose();
            imported.Dispose();
            Assert.Equal(1, released.Count);
        }
        finally
        {
            NativeMemory.Free(c);
        }
    }

    [Fact]
    public void EachExportHasItsOwnCount()
    {
        using var batch = ThreeColumns();
        var first = new CountingDisposable();
        var second = new CountingDisposable();
        var a = Allocate();
        var b = Allocate();
        try
        {
            CArrowArrayExporter.ExportRecordBatch(batch, a, first);
            CArrowArrayExporter.ExportArray(batch.Column(0), b, second);
            b->release(b);
            Assert.Equal((0, 1), (first.Count, second.Count));
            a->release(a);
            Assert.Equal((1, 1), (first.Count, second.Count));
        }
        finally
        {
            NativeMemory.Free(a);
            NativeMemory.Free(b);
        }
    }

    [Fact]
    public void AFailedExportTouchesNothingAndLeavesOnReleasedToTheCaller()
    {
        var released = new CountingDisposable();
        var c = Allocate();
        try
        {
            var wrongShape = new ArrayData(Utf8Type.Default, 1, 0, 0, [default, TestArrays.Bytes(0, 1)]);
            Assert.Throws<ArgumentException>(() => CArrowArrayExporter.ExportArray(ArrowArrayFactory.Create(wrongShape), c, released));
            Assert.True(c->release == null);
            Assert.Equal(0, released.Count);
        }
        finally
        {
            NativeMemory.Free(c);
        }
    }

    [Fact]
    public void AnExceptionFromOnReleasedIsReportedInsteadOfCrossingIntoC()
    {
        using var batch = ThreeColumns();
        var failure = new InvalidOperationException("hook failed");
        var reported = new List<Exception>();
        Action<Exception> handler = e => { lock (reported) reported.Add(e); };
        var c = Allocate();
        CDataCallbackErrors.Unhandled += handler;
        try
        {
            CArrowArrayExporter.ExportRecordBatch(batch, c, new Throwing(failure));
            c->release(c);
            Assert.True(c->release == null);
            lock (reported)
                Assert.Contains(failure, reported);
        }
        finally
        {
            CDataCallbackErrors.Unhandled -= handler;
            NativeMemory.Free(c);
        }
    }

    private sealed class Throwing(Exception error) : IDisposable
    {
        public void Dispose() => throw error;
    }

    private static CArrowArray* Allocate() => (CArrowArray*)NativeMemory.AllocZeroed((nuint)sizeof(CArrowArray));
}
