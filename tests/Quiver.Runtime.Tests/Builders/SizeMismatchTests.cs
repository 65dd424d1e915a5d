using Quiver.Arrow;
using Quiver.Arrow.Builders;
using Quiver.Arrow.Types;

namespace Quiver.Runtime.Tests.Builders;

public class SizeMismatchTests
{
    private static readonly Schema Schema = new([
        new Field("id", IntType.Int32, nullable: false),
        new Field("name", Utf8Type.Default),
        new Field("v", new ListType(new Field("item", IntType.Int64))),
    ]);

    private static RecordBatchWriter Writer(int rows, int nameBytes, int elements) =>
        RecordBatchWriter.Allocate(new RecordBatchSizes(Schema, rows).DeclareValueBytes("name", nameBytes).DeclareListElements("v", elements).Plan());

    [Fact]
    public void FewerValueBytesThanDeclaredAreReportedAtFinish()
    {
        var w = Writer(1, 10, 0);
        w.Column<PrimitiveColumnBuilder<int>>("id").Append(1);
        w.Column<StringColumnBuilder>("name").Append("abcdef");
        w.Column<ListColumnBuilder>("v").Append(0);
        var e = Assert.Throws<InvalidOperationException>(() => w.Finish());
        Assert.Equal("Field 'name' (string): 10 value bytes were declared but 6 were written.", e.Message);
    }

    [Fact]
    public void MoreValueBytesThanDeclaredAreRefusedAtOnce()
    {
        var w = Writer(2, 5, 0);
        var name = w.Column<StringColumnBuilder>("name");
        name.Append("abc");
        var e = Assert.Throws<InvalidOperationException>(() => name.Append("xyz"));
        Assert.Equal("Field 'name' (string): slot 1 needs 3 value bytes but only 2 of the 5 declared are left.", e.Message);
        Assert.Throws<InvalidOperationException>(() => name.Append("xyz"u8));
        Assert.Throws<InvalidOperationException>(() => name.AppendInPlace(3));
        Assert.Equal(1, name.Count);
        Assert.Equal(3, name.ValueBytesWritten);
        name.Append("de");
        Assert.Equal(5, name.ValueBytesWritten);
    }

    [Fact]
    public void FewerRowsThanPlannedAreReportedAtFinish()
    {
        var w = Writer(3, 0, 0);
        w.Column<PrimitiveColumnBuilder<int>>("id").Append([1, 2]);
        var e = Assert.Throws<InvalidOperationException>(() => w.Finish());
        Assert.Equal("Field 'id' (int32): the layout plans 3 slots but 2 were appended.", e.Message);
    }

    [Fact]
    public void ListLengthsThatMissTheDeclaredElementsAreReported()
    {
        var w = Writer(1, 0, 4);
        w.Column<PrimitiveColumnBuilder<int>>("id").Append(1);
        w.Column<StringColumnBuilder>("name").AppendNull();
        var v = w.Column<ListColumnBuilder>("v");
        var e = Assert.Throws<InvalidOperationException>(() => v.Append(5));
        Assert.Equal("Field 'v' (list<item: int64>): list 0 has 5 elements but only 4 of the 4 declared are left.", e.Message);
        v.Append(3);
        v.Values.As<PrimitiveColumnBuilder<long>>().Append([1, 2, 3]);
        e = Assert.Throws<InvalidOperationException>(() => w.Finish());
        Assert.Equal("Field 'v' (list<item: int64>): 4 list elements were declared but the lists appended hold 3.", e.Message);
    }

    [Fact]
    public void ListValuesThatMissTheListLengthsAreReportedOnTheValuesField()
    {
        var w = Writer(1, 0, 3);
        w.Column<PrimitiveColumnBuilder<int>>("id").Append(1);
        w.Column<StringColumnBuilder>("name").Append("");
        var v = w.Column<ListColumnBuilder>("v");
        v.Append(3);
        v.Values.As<PrimitiveColumnBuilder<long>>().Append(1);
        var e = Assert.Throws<InvalidOperationException>(() => w.Finish());
        Assert.Equal("Field 'v.item' (int64): the layout plans 3 slots but 1 were appended.", e.Message);
    }

    [Fact]
    public void FinishingTwiceIsRefused()
    {
        var w = Writer(0, 0, 0);
        w.Finish();
        Assert.Throws<InvalidOperationException>(() => w.Finish());
    }

    [Fact]
    public void TooSmallTargetIsRefusedBeforeAnythingIsWritten()
    {
        var layout = new RecordBatchSizes(Schema, 2).DeclareValueBytes("name", 3).Plan();
        var target = new byte[layout.BodyLength - 1];
        target.AsSpan().Fill(0xEE);
        var e = Assert.Throws<ArgumentException>(() => new RecordBatchWriter(layout, target));
        Assert.StartsWith($"The target has {layout.BodyLength - 1} bytes but the planned batch body needs {layout.BodyLength}.", e.Message);
        Assert.Equal("target", e.ParamName);
        Assert.True(target.AsSpan().IndexOfAnyExcept((byte)0xEE) < 0);
    }
}
