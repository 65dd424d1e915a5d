using Quiver.Arrow;
using Quiver.Arrow.Arrays;
using Quiver.Arrow.Builders;
using Quiver.Arrow.Ipc;
using Quiver.Arrow.Types;

namespace Quiver.Runtime.Tests.Builders;

public class RecordBatchLayoutTests
{
    private static readonly Schema Mixed = new([
        new Field("a", IntType.Int32),
        new Field("b", Utf8Type.Default, nullable: false),
        new Field("c", new ListType(new Field("item", IntType.Int16)), nullable: false),
        new Field("d", new StructType([
            new Field("x", BooleanType.Default, nullable: false),
            new Field("y", new FixedSizeBinaryType(3)),
        ])),
    ]);

    [Fact]
    public void PlacesBuffersDepthFirstOn64ByteBoundariesWithExactLengths()
    {
        var layout = new RecordBatchSizes(Mixed, 3).DeclareValueBytes("b", 10).DeclareListElements("c", 5).Plan();

        // Worked out by hand from the IPC order: a, b, c, c.item, d, d.x, d.y.
        IpcBufferRegion[] expected =
        [
            new(0, 1), new(64, 12),              // a: validity, values
            new(128, 0), new(128, 16), new(192, 10), // b: no validity (not nullable), offsets, data
            new(256, 0), new(256, 16),           // c: no validity, offsets
            new(320, 1), new(384, 10),           // c.item: validity, values
            new(448, 1),                         // d: validity
            new(512, 0), new(512, 1),            // d.x: no validity, values
            new(576, 1), new(640, 9),            // d.y: validity, data
        ];
        Assert.Equal(expected, layout.Buffers.ToArray());
        Assert.Equal(14, layout.BufferCount);
        Assert.Equal(7, layout.FieldNodeCount);
        Assert.Equal(704, layout.BodyLength);
        Assert.Equal(3, layout.RowCount);
        Assert.Same(Mixed, layout.Schema);
    }

    [Fact]
    public void WritesTheMixedBatchAndReportsNodesInIpcOrder()
    {
        var finished = CheckedWrite.Write(Mixed, 3, s => s.DeclareValueBytes("b", 10).DeclareListElements("c", 5), w =>
        {
            var a = w.Column<PrimitiveColumnBuilder<int>>("a");
            a.Append(1);
            a.AppendNull();
            a.Append(3);
            var b = w.Column<StringColumnBuilder>("b");
            b.Append("one");
            b.Append("two");
            b.Append("four");
            var c = w.Column<ListColumnBuilder>("c");
            c.Append(2);
            c.Append(0);
            c.Append(3);
            c.Values.As<PrimitiveColumnBuilder<short>>().Append([10, 11, 12, 13]);
            c.Values.AppendNull();
            var d = w.Column<StructColumnBuilder>("d");
            d.Append();
            d.Member("x").As<BooleanColumnBuilder>().Append(true);
            d.Member("y").As<FixedSizeBinaryColumnBuilder>().Append("abc"u8);
            d.AppendNull();
            d.Append();
            d.Member("x").As<BooleanColumnBuilder>().Append(false);
            d.Member("y").AppendNull();
        });

        Assert.Equal(
            [new IpcFieldNode(3, 1), new(3, 0), new(3, 0), new(5, 1), new(3, 1), new(3, 0), new(3, 2)],
            finished.FieldNodes.ToArray());
        Assert.Equal(704, finished.BodyLength);
        var batch = finished.Batch;
        Assert.Equal([1, 0, 3], ((PrimitiveArray<int>)batch.Column("a")).Values.ToArray());
        Assert.True(batch.Column("a").IsNull(1));
        Assert.Equal("four", ((StringArray)batch.Column("b")).GetString(2));
        var c = (ListArray)batch.Column("c");
        Assert.Equal([0, 2, 2, 5], c.ValueOffsets.ToArray());
        Assert.Equal([12, 13, null], ((PrimitiveArray<short>)c.GetList(2)).ToNullables());
        var d = (StructArray)batch.Column("d");
        Assert.True(d.IsNull(1));
        Assert.Equal("abc"u8.ToArray(), ((FixedSizeBinaryArray)d.Field("y")).GetBytes(0).ToArray());
        Assert.True(d.Field("y").IsNull(1));
        Assert.True(d.Field("y").IsNull(2));
        Assert.Equal(false, ((BooleanArray)d.Field("x")).Get(1));
    }

    [Fact]
    public void NamesNodesByPathAndIndex()
    {
        var sizes = new RecordBatchSizes(Mixed, 1);
        Assert.Equal(7, sizes.FieldNodeCount);
        Assert.Equal(3, sizes.NodeIndex("c.item"));
        Assert.Equal(6, sizes.NodeIndex("d.y"));
        Assert.Equal("d.x", sizes.NodePath(5));
        var e = Assert.Throws<ArgumentException>(() => sizes.NodeIndex("c.items"));
        Assert.Contains("'c.items'", e.Message);
        Assert.Contains("c.item", e.Message);
    }

    [Fact]
    public void DeclaringBytesByNodeIndexEqualsDeclaringByPath()
    {
        var byPath = new RecordBatchSizes(Mixed, 2).DeclareValueBytes("b", 7).DeclareListElements("c", 4).Plan();
        var byIndex = new RecordBatchSizes(Mixed, 2).DeclareValueBytes(1, 7).DeclareListElements(2, 4).Plan();
        Assert.Equal(byPath.Buffers.ToArray(), byIndex.Buffers.ToArray());
    }

    [Fact]
    public void RefusesDeclarationsOnFieldsOfAnotherKind()
    {
        var sizes = new RecordBatchSizes(Mixed, 1);
        Assert.Contains("'a' is int32", Assert.Throws<ArgumentException>(() => sizes.DeclareValueBytes("a", 3)).Message);
        Assert.Contains("'b' is string", Assert.Throws<ArgumentException>(() => sizes.DeclareListElements("b", 3)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => sizes.DeclareValueBytes("b", -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => sizes.DeclareListElements(99, 1));
    }

    [Fact]
    public void RedeclaringReplacesAndEarlierLayoutsStayAsPlanned()
    {
        var sizes = new RecordBatchSizes(Mixed, 1).DeclareValueBytes("b", 100);
        var first = sizes.Plan();
        var second = sizes.DeclareValueBytes("b", 1).Plan();
        Assert.Equal(100, first.Buffers[4].Length);
        Assert.Equal(1, second.Buffers[4].Length);
    }

    [Theory]
    [InlineData("large_string")]
    [InlineData("large_binary")]
    [InlineData("large_list")]
    public void RefusesLargeTypesNamingTheField(string kind)
    {
        ArrowType type = kind switch
        {
            "large_string" => LargeUtf8Type.Default,
            "large_binary" => LargeBinaryType.Default,
            _ => new LargeListType(new Field("item", IntType.Int8)),
        };
        var schema = new Schema([new Field("s", new StructType([new Field("big", type)]))]);
        var e = Assert.Throws<ArrowNotSupportedException>(() => new RecordBatchSizes(schema, 1));
        Assert.Contains("'s.big'", e.Message);
        Assert.Contains(kind, e.Message);
    }

    [Fact]
    public void RefusesBodiesBeyond2GiB()
    {
        var schema = new Schema([new Field("blob", BinaryType.Default), new Field("more", BinaryType.Default)]);
        var sizes = new RecordBatchSizes(schema, 1).DeclareValueBytes("blob", int.MaxValue - 1000).DeclareValueBytes("more", 2000);
        var e = Assert.Throws<InvalidOperationException>(sizes.Plan);
        Assert.Contains("'more'", e.Message);
    }

    [Fact]
    public void RefusesArraysBeyondIntSlots()
    {
        var schema = new Schema([new Field("v", new FixedSizeListType(new Field("item", NullType.Default), 1 << 20))]);
        var e = Assert.Throws<InvalidOperationException>(() => new RecordBatchSizes(schema, 1 << 12).Plan());
        Assert.Contains("'v.item'", e.Message);
    }

    [Fact]
    public void EmptySchemaHasAnEmptyBody()
    {
        var layout = new RecordBatchSizes(new Schema([]), 5).Plan();
        Assert.Equal(0, layout.BodyLength);
        Assert.Equal(0, layout.BufferCount);
        var finished = new RecordBatchWriter(layout, Memory<byte>.Empty).Finish();
        Assert.Equal(5, finished.Batch.Length);
    }
}
