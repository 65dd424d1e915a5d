using Quiver.Arrow;
using Quiver.Arrow.Builders;
using Quiver.Arrow.Types;

namespace Quiver.Runtime.Tests.Builders;

public class AllocationTests
{
    private static readonly Schema Schema = new([
        new Field("id", IntType.Int64),
        new Field("flag", BooleanType.Default),
        new Field("name", Utf8Type.Default),
        new Field("blob", BinaryType.Default, nullable: false),
        new Field("stamp", new TimestampType(TimeUnit.Microsecond, "UTC")),
        new Field("tags", new ListType(new Field("item", IntType.Int32))),
        new Field("pose", new StructType([new Field("x", FloatingPointType.Float32), new Field("uuid", new FixedSizeBinaryType(16))])),
    ]);

    private const int Rows = 1000;

    [Fact]
    public void AppendingAllocatesNothingPerElement()
    {
        // The first pass runs every path once so that JIT and type loading are not counted.
        Write(Rows);
        var writer = RecordBatchWriter.Allocate(Layout(Rows));
        var id = writer.Column<PrimitiveColumnBuilder<long>>("id");
        var flag = writer.Column<BooleanColumnBuilder>("flag");
        var name = writer.Column<StringColumnBuilder>("name");
        var blob = writer.Column<BinaryColumnBuilder>("blob");
        var stamp = writer.Column<TimestampColumnBuilder>("stamp");
        var tags = writer.Column<ListColumnBuilder>("tags");
        var tag = tags.Values.As<PrimitiveColumnBuilder<int>>();
        var pose = writer.Column<StructColumnBuilder>("pose");
        var x = pose.Member("x").As<PrimitiveColumnBuilder<float>>();
        var uuid = pose.Member("uuid").As<FixedSizeBinaryColumnBuilder>();

        var before = GC.GetAllocatedBytesForCurrentThread();
        AppendRows(id, flag, name, blob, stamp, tags, tag, pose, x, uuid);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        writer.Finish();
    }

    private static RecordBatchLayout Layout(int rows) => new RecordBatchSizes(Schema, rows)
        .DeclareValueBytes("name", rows * 5)
        .DeclareValueBytes("blob", rows * 3)
        .DeclareListElements("tags", rows * 2)
        .Plan();

    private static void Write(int rows)
    {
        var writer = RecordBatchWriter.Allocate(Layout(rows));
        var tags = writer.Column<ListColumnBuilder>("tags");
        var pose = writer.Column<StructColumnBuilder>("pose");
        AppendRows(writer.Column<PrimitiveColumnBuilder<long>>("id"), writer.Column<BooleanColumnBuilder>("flag"),
            writer.Column<StringColumnBuilder>("name"), writer.Column<BinaryColumnBuilder>("blob"), writer.Column<TimestampColumnBuilder>("stamp"),
            tags, tags.Values.As<PrimitiveColumnBuilder<int>>(), pose, pose.Member("x").As<PrimitiveColumnBuilder<float>>(),
            pose.Member("uuid").As<FixedSizeBinaryColumnBuilder>());
        writer.Finish();
    }

    private static void AppendRows(PrimitiveColumnBuilder<long> id, BooleanColumnBuilder flag, StringColumnBuilder name, BinaryColumnBuilder blob,
        TimestampColumnBuilder stamp, ListColumnBuilder tags, PrimitiveColumnBuilder<int> tag, StructColumnBuilder pose,
        PrimitiveColumnBuilder<float> x, FixedSizeBinaryColumnBuilder uuid)
    {
        const string text = "héllo";
        for (var i = 0; i < Rows; i++)
        {
            id.Append(i);
            if (i % 2 == 0)
                flag.Append(true);
            else
                flag.AppendNull();
            name.Append(text.AsSpan(0, 4));
            blob.AppendInPlace(3).Fill(1);
            stamp.Append(DateTimeOffset.UnixEpoch);
            tags.Append(2);
            tag.Append(i);
            tag.AppendNull();
            if (i % 3 == 0)
            {
                pose.AppendNull();
                continue;
            }
            pose.Append();
            x.Append(i);
            uuid.AppendInPlace().Clear();
        }
    }
}
