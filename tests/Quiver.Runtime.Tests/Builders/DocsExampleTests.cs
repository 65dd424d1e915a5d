using System.Text;
using Quiver.Arrow;
using Quiver.Arrow.Arrays;
using Quiver.Arrow.Builders;
using Quiver.Arrow.Types;

namespace Quiver.Runtime.Tests.Builders;

/// <summary>The example of docs/builders.md, kept here so it compiles and runs.</summary>
public class DocsExampleTests
{
    [Fact]
    public void ImageExample()
    {
        // docs/builders.md: begin
        var schema = new Schema([
            new Field("width", IntType.UInt32, nullable: false),
            new Field("height", IntType.UInt32, nullable: false),
            new Field("stamp", new TimestampType(TimeUnit.Nanosecond, "UTC"), nullable: false),
            new Field("data", BinaryType.Default, nullable: false),
            new Field("labels", new ListType(new Field("item", Utf8Type.Default, nullable: false)), nullable: false),
        ]);
        const int width = 64, height = 48;
        string[] labels = ["cat", "sofa"];

        // 1. Plan: one row; declare the sizes that are not fixed by the schema.
        RecordBatchLayout layout = new RecordBatchSizes(schema, rowCount: 1)
            .DeclareValueBytes("data", width * height * 3)
            .DeclareListElements("labels", labels.Length)
            .DeclareValueBytes("labels.item", labels.Sum(Encoding.UTF8.GetByteCount))
            .Plan();

        // 2. Write straight into the target (here a managed array; in Quiver a shared-memory sample).
        var target = new byte[layout.BodyLength];
        var writer = new RecordBatchWriter(layout, target);
        writer.Column<PrimitiveColumnBuilder<uint>>("width").Append(width);
        writer.Column<PrimitiveColumnBuilder<uint>>("height").Append(height);
        writer.Column<TimestampColumnBuilder>("stamp").Append(new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero));
        Span<byte> pixels = writer.Column<BinaryColumnBuilder>("data").AppendInPlace(width * height * 3);
        for (var i = 0; i < pixels.Length; i++)
            pixels[i] = (byte)(i % 3 == 0 ? 255 : 0);   // the camera fills the sample directly: no copy
        var labelLists = writer.Column<ListColumnBuilder>("labels");
        labelLists.Append(labels.Length);
        foreach (var label in labels)
            labelLists.Values.As<StringColumnBuilder>().Append(label);

        // 3. Finish: checks the declared sizes were written, and returns views over the target.
        FinishedRecordBatch finished = writer.Finish();
        RecordBatch batch = finished.Batch;
        var data = (BinaryArray)batch.Column("data");
        var firstLabels = (StringArray)((ListArray)batch.Column("labels")).GetList(0);
        // docs/builders.md: end

        Assert.Equal(255, data.GetBytes(0)[0]);
        Assert.Equal(width * height * 3, data.GetBytes(0).Length);
        Assert.Equal("sofa", firstLabels.GetString(1));
        Assert.Equal(new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero), ((TimestampArray)batch.Column("stamp")).GetDateTimeOffset(0));
        Assert.Equal(6, finished.FieldNodes.Length);
        Assert.Equal(layout.BufferCount, finished.Buffers.Length);
        Assert.True(data.GetMemory(0).Span.Overlaps(target));
    }
}
