using Quiver.Arrow;
using Quiver.Arrow.Arrays;
using Quiver.Arrow.Builders;
using Quiver.Arrow.Types;

namespace Quiver.Runtime.Tests.Builders;

public class NestedBuilderTests
{
    [Fact]
    public void ListOfPrimitivesWithNullAndEmptyListsAndNullElements()
    {
        var schema = new Schema([new Field("v", new ListType(new Field("item", IntType.Int32)))]);
        var batch = CheckedWrite.Write(schema, 5, s => s.DeclareListElements("v", 6), w =>
        {
            var v = w.Column<ListColumnBuilder>("v");
            var items = v.Values.As<PrimitiveColumnBuilder<int>>();
            v.Append(2);
            items.Append(1);
            items.Append(2);
            v.AppendNull();
            v.Append(0);
            v.Append(3);
            items.Append(3);
            items.AppendNull();
            items.Append(5);
            v.Append(1);
            items.Append(6);
        }).Batch;

        var lists = (ListArray)batch.Column("v");
        Assert.Equal([0, 2, 2, 2, 5, 6], lists.ValueOffsets.ToArray());
        Assert.True(lists.IsNull(1));
        Assert.Equal(1, lists.NullCount);
        Assert.Equal([1, 2], ((PrimitiveArray<int>)lists.GetList(0)).ToNullables());
        Assert.Equal(0, lists.GetList(2).Length);
        Assert.Equal([3, null, 5], ((PrimitiveArray<int>)lists.GetList(3)).ToNullables());
        Assert.Equal((5, 6), lists.GetRange(4));
    }

    [Fact]
    public void ListLengthsFirstThenAllValuesInOneBulkCall()
    {
        var schema = new Schema([new Field("points", new ListType(new Field("item", FloatingPointType.Float32, nullable: false)), nullable: false)]);
        var batch = CheckedWrite.Write(schema, 3, s => s.DeclareListElements("points", 7), w =>
        {
            var points = w.Column<ListColumnBuilder>(0);
            points.Append(3);
            points.Append(0);
            points.Append(4);
            var values = points.Values.As<PrimitiveColumnBuilder<float>>().AppendInPlace(7);
            for (var i = 0; i < values.Length; i++)
                values[i] = i + 0.5f;
        }).Batch;

        var lists = (ListArray)batch.Column(0);
        Assert.Equal([0, 3, 3, 7], lists.ValueOffsets.ToArray());
        Assert.Equal([3.5f, 4.5f, 5.5f, 6.5f], ((PrimitiveArray<float>)lists.GetList(2)).Values.ToArray());
    }

    [Fact]
    public void ListOfStrings()
    {
        var schema = new Schema([new Field("labels", new ListType(new Field("item", Utf8Type.Default)))]);
        var batch = CheckedWrite.Write(schema, 3, s => s.DeclareListElements("labels", 4).DeclareValueBytes("labels.item", 3 + 5 + 0), w =>
        {
            var labels = w.Column<ListColumnBuilder>("labels");
            var item = labels.Values.As<StringColumnBuilder>();
            labels.Append(2);
            item.Append("cat");
            item.Append("zebra");
            labels.Append(0);
            labels.Append(2);
            item.Append("");
            item.Append((string?)null);
        }).Batch;

        var lists = (ListArray)batch.Column(0);
        Assert.Equal(new string?[] { "cat", "zebra" }, ((StringArray)lists.GetList(0)).ToStrings());
        Assert.Empty(((StringArray)lists.GetList(1)).ToStrings());
        Assert.Equal(new string?[] { "", null }, ((StringArray)lists.GetList(2)).ToStrings());
    }

    [Fact]
    public void ListOfStructs()
    {
        var point = new StructType([new Field("x", FloatingPointType.Float64, nullable: false), new Field("name", Utf8Type.Default)]);
        var schema = new Schema([new Field("points", new ListType(new Field("item", point)), nullable: false)]);
        var batch = CheckedWrite.Write(schema, 2, s => s.DeclareListElements("points", 3).DeclareValueBytes("points.item.name", 2), w =>
        {
            var points = w.Column<ListColumnBuilder>(0);
            var item = points.Values.As<StructColumnBuilder>();
            var x = item.Member("x").As<PrimitiveColumnBuilder<double>>();
            var name = item.Member("name").As<StringColumnBuilder>();
            points.Append(1);
            item.Append();
            x.Append(1.5);
            name.Append("p1");
            points.Append(2);
            item.AppendNull();
            item.Append();
            x.Append(-2.5);
            name.AppendNull();
        }).Batch;

        var lists = (ListArray)batch.Column(0);
        var second = (StructArray)lists.GetList(1);
        Assert.Equal(2, second.Length);
        Assert.True(second.IsNull(0));
        Assert.Equal([0.0, -2.5], ((PrimitiveArray<double>)second.Field("x")).Values.ToArray());
        Assert.Equal(new string?[] { null, null }, ((StringArray)second.Field("name")).ToStrings());
        Assert.Equal("p1", ((StringArray)((StructArray)lists.GetList(0)).Field("name")).GetString(0));
    }

    [Fact]
    public void NestedLists()
    {
        var inner = new ListType(new Field("item", IntType.Int8, nullable: false));
        var schema = new Schema([new Field("m", new ListType(new Field("row", inner)))]);
        // [[1, 2], [], null], null, [[3]]: 4 inner lists, 3 bytes.
        var batch = CheckedWrite.Write(schema, 3, s => s.DeclareListElements("m", 4).DeclareListElements("m.row", 3), w =>
        {
            var m = w.Column<ListColumnBuilder>(0);
            var row = m.Values.As<ListColumnBuilder>();
            var cell = row.Values.As<PrimitiveColumnBuilder<sbyte>>();
            m.Append(3);
            row.Append(2);
            cell.Append([1, 2]);
            row.Append(0);
            row.AppendNull();
            m.AppendNull();
            m.Append(1);
            row.Append(1);
            cell.Append(3);
        }).Batch;

        var outer = (ListArray)batch.Column(0);
        Assert.Equal([0, 3, 3, 4], outer.ValueOffsets.ToArray());
        var rows = (ListArray)outer.Values;
        Assert.Equal([0, 2, 2, 2, 3], rows.ValueOffsets.ToArray());
        Assert.True(rows.IsNull(2));
        var last = (ListArray)outer.GetList(2);
        Assert.Equal([(sbyte)3], ((PrimitiveArray<sbyte>)last.GetList(0)).Values.ToArray());
    }

    [Fact]
    public void FixedSizeListsFillTheElementsOfANullList()
    {
        var schema = new Schema([
            new Field("xyz", new FixedSizeListType(new Field("item", FloatingPointType.Float32, nullable: false), 3)),
            new Field("tags", new FixedSizeListType(new Field("item", Utf8Type.Default), 2), nullable: false),
        ]);
        var batch = CheckedWrite.Write(schema, 3, s => s.DeclareValueBytes("tags.item", 4), w =>
        {
            var xyz = w.Column<FixedSizeListColumnBuilder>("xyz");
            Assert.Equal(3, xyz.ListSize);
            var coordinates = xyz.Values.As<PrimitiveColumnBuilder<float>>();
            xyz.Append();
            coordinates.Append([1, 2, 3]);
            xyz.AppendNull();
            xyz.Append();
            coordinates.Append([4, 5, 6]);

            var tags = w.Column<FixedSizeListColumnBuilder>("tags");
            var tag = tags.Values.As<StringColumnBuilder>();
            for (var i = 0; i < 3; i++)
                tags.Append();
            foreach (var t in new[] { "a", null, "bc", "", "d", null })
                tag.Append(t);
        }).Batch;

        var points = (FixedSizeListArray)batch.Column("xyz");
        Assert.True(points.IsNull(1));
        Assert.Equal([1f, 2, 3, 0, 0, 0, 4, 5, 6], ((PrimitiveArray<float>)points.Values).Values.ToArray());
        Assert.Equal([4f, 5, 6], ((PrimitiveArray<float>)points.GetList(2)).Values.ToArray());
        var tags = (FixedSizeListArray)batch.Column("tags");
        Assert.Equal(new string?[] { "bc", "" }, ((StringArray)tags.GetList(1)).ToStrings());
    }

    [Fact]
    public void StructsWithNullableMembersAndNullSlots()
    {
        var pose = new StructType([
            new Field("x", IntType.Int32, nullable: false),
            new Field("label", Utf8Type.Default, nullable: false),
            new Field("score", FloatingPointType.Float64),
            new Field("corners", new FixedSizeListType(new Field("item", IntType.Int16), 2), nullable: false),
            new Field("tags", new ListType(new Field("item", BooleanType.Default)), nullable: false),
            new Field("inner", new StructType([new Field("flag", BooleanType.Default, nullable: false), new Field("n", NullType.Default)]), nullable: false),
        ]);
        var schema = new Schema([new Field("pose", pose)]);
        var batch = CheckedWrite.Write(schema, 3, s => s.DeclareValueBytes("pose.label", 2).DeclareListElements("pose.tags", 1), w =>
        {
            var p = w.Column<StructColumnBuilder>("pose");
            p.Append();
            p.Member("x").As<PrimitiveColumnBuilder<int>>().Append(7);
            p.Member("label").As<StringColumnBuilder>().Append("ok");
            p.Member("score").AppendNull();
            var corners = p.Member("corners").As<FixedSizeListColumnBuilder>();
            corners.Append();
            corners.Values.As<PrimitiveColumnBuilder<short>>().Append([1, 2]);
            var tags = p.Member("tags").As<ListColumnBuilder>();
            tags.Append(1);
            tags.Values.As<BooleanColumnBuilder>().Append(true);
            var inner = p.Member("inner").As<StructColumnBuilder>();
            inner.Append();
            inner.Member("flag").As<BooleanColumnBuilder>().Append(true);
            inner.Member("n").AppendNull();

            p.AppendNull();
            p.AppendNull();
        }).Batch;

        var column = (StructArray)batch.Column("pose");
        Assert.Equal([false, true, true], Enumerable.Range(0, 3).Select(column.IsNull));
        Assert.Equal([7, 0, 0], ((PrimitiveArray<int>)column.Field("x")).ToNullables());
        Assert.Equal(new string?[] { "ok", "", "" }, ((StringArray)column.Field("label")).ToStrings());
        Assert.Equal([null, null, null], ((PrimitiveArray<double>)column.Field("score")).ToNullables());
        var corners = (FixedSizeListArray)column.Field("corners");
        Assert.Equal([1, 2, null, null, null, null], ((PrimitiveArray<short>)corners.Values).ToNullables());
        Assert.Equal([0, 1, 1, 1], ((ListArray)column.Field("tags")).ValueOffsets.ToArray());
        var inner = (StructArray)column.Field("inner");
        Assert.Equal([true, false, false], ((BooleanArray)inner.Field("flag")).ToNullables());
        Assert.Equal(3, inner.Field("n").NullCount);
    }

    [Fact]
    public void NullStructBeforeItsMembersCaughtUpIsRefused()
    {
        var schema = new Schema([new Field("s", new StructType([new Field("a", IntType.Int32)]))]);
        var writer = RecordBatchWriter.Allocate(new RecordBatchSizes(schema, 2).Plan());
        var s = writer.Column<StructColumnBuilder>(0);
        s.Append();
        var e = Assert.Throws<InvalidOperationException>(s.AppendNull);
        Assert.Contains("member 'a' has 0 slots appended, not 1", e.Message);
    }

    [Fact]
    public void NullFixedSizeListBeforeEarlierElementsIsRefused()
    {
        var schema = new Schema([new Field("f", new FixedSizeListType(new Field("item", IntType.Int32), 2))]);
        var writer = RecordBatchWriter.Allocate(new RecordBatchSizes(schema, 2).Plan());
        var f = writer.Column<FixedSizeListColumnBuilder>(0);
        f.Append();
        f.Values.As<PrimitiveColumnBuilder<int>>().Append(1);
        var e = Assert.Throws<InvalidOperationException>(f.AppendNull);
        Assert.Contains("'f'", e.Message);
        Assert.Contains("(1 of 2)", e.Message);
    }

    [Fact]
    public void EmptyBatchesOfEveryShape()
    {
        var schema = new Schema([
            new Field("i", IntType.Int64),
            new Field("s", Utf8Type.Default),
            new Field("l", new ListType(new Field("item", Utf8Type.Default))),
            new Field("f", new FixedSizeListType(new Field("item", IntType.Int8), 4)),
            new Field("st", new StructType([new Field("b", BinaryType.Default, nullable: false)])),
            new Field("n", NullType.Default),
        ]);
        var finished = CheckedWrite.Write(schema, 0, _ => { }, _ => { });
        Assert.Equal(0, finished.RowCount);
        Assert.All(finished.Batch.Columns, c => Assert.Equal(0, c.Length));
        Assert.All(finished.FieldNodes.ToArray(), n => Assert.Equal(0, n.Length));
        // Offsets of an empty array are the single 0 the format asks for.
        Assert.Equal([0], ((StringArray)finished.Batch.Column("s")).ValueOffsets.ToArray());
        Assert.Equal([0], ((ListArray)finished.Batch.Column("l")).ValueOffsets.ToArray());
    }
}
