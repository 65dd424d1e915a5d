using Quiver.Arrow;
using Quiver.Arrow.Builders;
using Quiver.Arrow.Ipc;
using Quiver.Arrow.Types;

namespace Quiver.Runtime.Tests.Ipc;

/// <summary>
/// A prefix patched from a layout's template must be the bytes a fresh encode of the same batch
/// writes, whatever the null counts; and it must refuse a batch of another shape.
/// </summary>
public class RecordBatchPrefixTemplateTests
{
    private static readonly Schema Schema = new([
        new Field("id", IntType.Int64),
        new Field("flag", BooleanType.Default),
        new Field("name", Utf8Type.Default),
        new Field("blob", BinaryType.Default, nullable: false),
        new Field("tags", new ListType(new Field("item", IntType.Int32))),
        new Field("pose", new StructType([new Field("x", FloatingPointType.Float32), new Field("uuid", new FixedSizeBinaryType(16))])),
    ]);

    private const int Rows = 7;

    [Fact]
    public void Every_message_of_a_reused_layout_has_the_prefix_a_fresh_encode_writes()
    {
        var layout = new RecordBatchSizes(Schema, Rows).DeclareValueBytes("name", Rows).DeclareValueBytes("blob", Rows).DeclareListElements("tags", Rows).Plan();
        var random = new Random(4);
        var nullCounts = new HashSet<string>();
        for (var message = 0; message < 20; message++)
        {
            var target = new byte[RecordBatchMessageWriter.GetMessageLength(layout)];
            random.NextBytes(target);
            var writer = new RecordBatchMessageWriter(layout, target);
            Fill(writer.Body, random);
            var finished = writer.Finish();

            var fresh = new byte[writer.PrefixLength];
            IpcMessageWriter.WriteRecordBatchPrefix(fresh, finished.RowCount, finished.FieldNodes, finished.Buffers, finished.BodyLength);
            Assert.Equal(fresh, target.AsSpan(0, writer.PrefixLength).ToArray());
            nullCounts.Add(string.Join(",", finished.FieldNodes.ToArray().Select(node => node.NullCount)));
        }
        // The messages after the first are patched from the template; they must have differed in what is patched.
        Assert.True(nullCounts.Count > 10, $"Only {nullCounts.Count} different sets of null counts were written.");
    }

    [Fact]
    public void A_template_patches_any_null_counts_into_the_bytes_of_a_fresh_encode()
    {
        long[] lengths = [5, 3, 0, 9, 1];
        IpcBufferRegion[] buffers = [new(0, 1), new(64, 40), new(128, 0), new(128, 2), new(192, 72), new(320, 4)];
        var template = new RecordBatchPrefixTemplate(5, lengths, buffers, 384);
        var random = new Random(9);
        for (var round = 0; round < 50; round++)
        {
            var nodes = lengths.Select(length => new IpcFieldNode(length, random.NextInt64(length + 1))).ToArray();
            var fresh = new byte[IpcMessageWriter.GetRecordBatchPrefixLength(nodes.Length, buffers.Length)];
            IpcMessageWriter.WriteRecordBatchPrefix(fresh, 5, nodes, buffers, 384);
            var patched = new byte[template.Length];
            random.NextBytes(patched);
            template.Write(patched, nodes);
            Assert.Equal(fresh, patched);
        }
    }

    [Fact]
    public void A_template_refuses_nodes_of_another_shape_and_a_destination_of_another_length()
    {
        var template = new RecordBatchPrefixTemplate(2, [2, 2], [new(0, 1), new(64, 8)], 128);
        var destination = new byte[template.Length];
        Assert.Throws<ArgumentException>(() => template.Write(destination, [new(2, 0)]));
        Assert.Throws<ArgumentException>(() => template.Write(destination, [new(2, 0), new(3, 0)]));
        Assert.Throws<ArgumentException>(() => template.Write(destination, [new(2, 0), new(2, 3)]));
        Assert.Throws<ArgumentException>(() => template.Write(destination, [new(2, 0), new(2, -1)]));
        Assert.Throws<ArgumentException>(() => template.Write(new byte[template.Length + 64], [new(2, 0), new(2, 0)]));
    }

    private static void AppendOrNull(Random random, ColumnBuilder column, Action appendValue)
    {
        if (random.Next(2) == 0)
            appendValue();
        else
            column.AppendNull();
    }

    /// <summary>One batch with nulls at random: the null counts differ from message to message.</summary>
    private static void Fill(RecordBatchWriter writer, Random random)
    {
        var id = writer.Column<PrimitiveColumnBuilder<long>>("id");
        var flag = writer.Column<BooleanColumnBuilder>("flag");
        var name = writer.Column<StringColumnBuilder>("name");
        var blob = writer.Column<BinaryColumnBuilder>("blob");
        var tags = writer.Column<ListColumnBuilder>("tags");
        var tag = tags.Values.As<PrimitiveColumnBuilder<int>>();
        var pose = writer.Column<StructColumnBuilder>("pose");
        var x = pose.Member("x").As<PrimitiveColumnBuilder<float>>();
        var uuid = pose.Member("uuid").As<FixedSizeBinaryColumnBuilder>();
        for (var row = 0; row < Rows; row++)
        {
            AppendOrNull(random, id, () => id.Append(row));
            AppendOrNull(random, flag, () => flag.Append(true));
            name.Append("n");
            blob.AppendInPlace(1)[0] = 1;
            tags.Append(1);
            AppendOrNull(random, tag, () => tag.Append(row));
            AppendOrNull(random, pose, () =>
            {
                pose.Append();
                AppendOrNull(random, x, () => x.Append(row));
                uuid.AppendInPlace().Fill(2);
            });
        }
    }
}
