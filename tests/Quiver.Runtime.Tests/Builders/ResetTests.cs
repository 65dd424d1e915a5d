using Quiver.Arrow;
using Quiver.Arrow.Arrays;
using Quiver.Arrow.Builders;
using Quiver.Arrow.Types;

namespace Quiver.Runtime.Tests.Builders;

/// <summary>
/// <see cref="RecordBatchWriter.Reset"/>: a re-targeted writer writes exactly what a new writer
/// writes, whatever it held before; the previous message's finished batch goes stale instead of
/// changing; every check of a new writer still applies; and re-targeting allocates nothing.
/// </summary>
public class ResetTests
{
    private static readonly Schema Schema = new([
        new Field("id", IntType.Int64),
        new Field("flag", BooleanType.Default),
        new Field("name", Utf8Type.Default),
        new Field("blob", BinaryType.Default, nullable: false),
        new Field("stamp", new TimestampType(TimeUnit.Microsecond, "UTC")),
        new Field("tags", new ListType(new Field("item", IntType.Int32))),
        new Field("pose", new StructType([new Field("x", FloatingPointType.Float32, nullable: false), new Field("uuid", new FixedSizeBinaryType(16))])),
        new Field("triple", new FixedSizeListType(new Field("item", IntType.Int16), 3)),
        new Field("nothing", NullType.Default),
    ]);

    /// <summary>A message of <paramref name="Rows"/> rows whose variable sizes grow with <paramref name="Seed"/>.</summary>
    private sealed record Message(int Rows, int Seed)
    {
        public string Name(int row) => new('a', (row + Seed) % 5);
        public int BlobLength(int row) => (row * 3 + Seed) % 7;
        public int TagCount(int row) => (row + Seed) % 4;
        public bool IsNull(int row) => (row + Seed) % 3 == 0;

        public RecordBatchLayout Plan(Schema? schema = null)
        {
            var sizes = new RecordBatchSizes(schema ?? Schema, Rows);
            sizes.DeclareValueBytes("name", Enumerable.Range(0, Rows).Where(r => !IsNull(r)).Sum(r => Name(r).Length));
            sizes.DeclareValueBytes("blob", Enumerable.Range(0, Rows).Sum(BlobLength));
            sizes.DeclareListElements("tags", Enumerable.Range(0, Rows).Where(r => !IsNull(r)).Sum(TagCount));
            return sizes.Plan();
        }

        /// <summary>Appends rows [from, to): nulls, placeholders under null parents, partial bitmap bytes.</summary>
        public void Append(RecordBatchWriter writer, int from, int to)
        {
            var tags = writer.Column<ListColumnBuilder>("tags");
            var pose = writer.Column<StructColumnBuilder>("pose");
            var triple = writer.Column<FixedSizeListColumnBuilder>("triple");
            for (var row = from; row < to; row++)
            {
                var isNull = IsNull(row);
                if (isNull)
                {
                    writer.Column("id").AppendNull();
                    writer.Column("flag").AppendNull();
                    writer.Column("name").AppendNull();
                    tags.AppendNull();
                    pose.AppendNull();
                    triple.AppendNull();
                }
                else
                {
                    writer.Column<PrimitiveColumnBuilder<long>>("id").Append(Seed * 1000L + row);
                    writer.Column<BooleanColumnBuilder>("flag").Append(row % 2 == 0);
                    writer.Column<StringColumnBuilder>("name").Append(Name(row));
                    tags.Append(TagCount(row));
                    for (var t = 0; t < TagCount(row); t++)
                        tags.Values.As<PrimitiveColumnBuilder<int>>().Append(Seed + row + t);
                    pose.Append();
                    pose.Member("x").As<PrimitiveColumnBuilder<float>>().Append(row + Seed / 2f);
                    pose.Member("uuid").As<FixedSizeBinaryColumnBuilder>().AppendInPlace().Fill((byte)(row + Seed));
                    triple.Append();
                    triple.Values.As<PrimitiveColumnBuilder<short>>().Append([(short)row, (short)Seed, (short)(row * Seed)]);
                }
                writer.Column<BinaryColumnBuilder>("blob").AppendInPlace(BlobLength(row)).Fill((byte)(0x40 + row));
                writer.Column<TimestampColumnBuilder>("stamp").Append(Seed + row * 10L);
                writer.Column<NullColumnBuilder>("nothing").AppendNulls(1);
            }
        }
    }

    private static readonly Message Small = new(Rows: 3, Seed: 1);
    private static readonly Message Large = new(Rows: 11, Seed: 2);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_writer_reset_in_the_middle_of_a_message_writes_what_a_new_writer_writes(bool sameTarget)
    {
        var first = Poisoned(Large.Plan().BodyLength);
        var writer = new RecordBatchWriter(Large.Plan(), first);
        Large.Append(writer, 0, 7);

        var layout = Small.Plan();
        var second = sameTarget ? first : Poisoned(layout.BodyLength);
        writer.Reset(layout, second);
        Small.Append(writer, 0, Small.Rows);
        var reset = writer.Finish();

        var (fresh, freshBody) = WriteFresh(Small);
        Assert.Equal(freshBody, second.AsSpan(0, layout.BodyLength).ToArray());
        Assert.Equal(fresh.FieldNodes.ToArray(), reset.FieldNodes.ToArray());
        Assert.Equal(fresh.Buffers.ToArray(), reset.Buffers.ToArray());
        Assert.Equal(layout.BodyLength, reset.BodyLength);
        Assert.Equal(Small.Rows, reset.RowCount);
    }

    [Fact]
    public void A_finished_writer_reset_to_a_larger_message_writes_what_a_new_writer_writes()
    {
        var writer = new RecordBatchWriter(Small.Plan(), Poisoned(Small.Plan().BodyLength));
        Small.Append(writer, 0, Small.Rows);
        writer.Finish();

        var target = Poisoned(Large.Plan().BodyLength);
        writer.Reset(Large.Plan(), target);
        Large.Append(writer, 0, Large.Rows);
        var reset = writer.Finish();

        var (fresh, freshBody) = WriteFresh(Large);
        Assert.Equal(freshBody, target);
        Assert.Equal(fresh.FieldNodes.ToArray(), reset.FieldNodes.ToArray());
        Assert.Equal(Large.Rows, reset.Batch.Length);
        Assert.Equal(2002L, ((PrimitiveArray<long>)reset.Batch.Column("id")).GetValue(2));
    }

    [Fact]
    public void The_previous_finished_batch_goes_stale_and_a_batch_read_from_it_keeps_its_values()
    {
        var writer = new RecordBatchWriter(Large.Plan(), Poisoned(Large.Plan().BodyLength));
        Large.Append(writer, 0, Large.Rows);
        var previous = writer.Finish();
        var batch = previous.Batch;

        writer.Reset(Small.Plan(), Poisoned(Small.Plan().BodyLength));

        Assert.Throws<InvalidOperationException>(() => previous.Batch);
        Assert.Throws<InvalidOperationException>(() => previous.Body);
        Assert.Throws<InvalidOperationException>(() => previous.BodyLength);
        Assert.Throws<InvalidOperationException>(() => previous.RowCount);
        Assert.Throws<InvalidOperationException>(() => previous.FieldNodes.Length);
        Assert.Throws<InvalidOperationException>(() => previous.Buffers.Length);
        // Finishing the next message does not bring the previous handle back to life.
        Small.Append(writer, 0, Small.Rows);
        var next = writer.Finish();
        Assert.Throws<InvalidOperationException>(() => previous.RowCount);
        Assert.Equal(Small.Rows, next.RowCount);

        Assert.Equal(Large.Rows, batch.Length);
        Assert.Equal(2009L, ((PrimitiveArray<long>)batch.Column("id")).GetValue(9));
        Assert.True(batch.Column("id").IsNull(1));
        Assert.Equal("aaaa", ((StringArray)batch.Column("name")).GetString(2));
    }

    [Fact]
    public void A_default_finished_batch_describes_nothing()
    {
        var nothing = default(FinishedRecordBatch);
        Assert.Throws<InvalidOperationException>(() => nothing.BodyLength);
    }

    [Fact]
    public void A_reset_writer_keeps_every_check_of_a_new_one()
    {
        var writer = new RecordBatchWriter(Large.Plan(), Poisoned(Large.Plan().BodyLength));
        Large.Append(writer, 0, Large.Rows);
        writer.Finish();
        Assert.Throws<InvalidOperationException>(() => writer.Finish());

        writer.Reset(Small.Plan(), Poisoned(Small.Plan().BodyLength));
        // The small message declares fewer blob bytes than the large one wrote.
        var blob = writer.Column<BinaryColumnBuilder>("blob");
        Assert.Equal(Enumerable.Range(0, Small.Rows).Sum(Small.BlobLength), blob.DeclaredValueBytes);
        Assert.Equal(0, blob.ValueBytesWritten);
        Assert.Throws<InvalidOperationException>(() => blob.AppendInPlace(blob.DeclaredValueBytes + 1));
        Small.Append(writer, 0, Small.Rows - 1);
        var missingRow = Assert.Throws<InvalidOperationException>(() => writer.Finish());
        Assert.Contains("'id'", missingRow.Message);
        Small.Append(writer, Small.Rows - 1, Small.Rows);
        Assert.Throws<InvalidOperationException>(() => writer.Column<PrimitiveColumnBuilder<long>>("id").Append(1));
        writer.Finish();
    }

    [Fact]
    public void A_reset_to_another_schema_or_a_short_target_is_refused_and_changes_nothing()
    {
        var writer = new RecordBatchWriter(Small.Plan(), Poisoned(Small.Plan().BodyLength));
        Small.Append(writer, 0, 1);
        var other = new RecordBatchSizes(new Schema([new Field("id", IntType.Int64)]), 1).Plan();

        Assert.Throws<ArgumentException>(() => writer.Reset(other, new byte[other.BodyLength]));
        Assert.Throws<ArgumentException>(() => writer.Reset(Large.Plan(), new byte[Large.Plan().BodyLength - 1]));
        Assert.Throws<ArgumentNullException>(() => writer.Reset(null!, new byte[64]));

        Small.Append(writer, 1, Small.Rows);
        Assert.Equal(Small.Rows, writer.Finish().RowCount);
    }

    [Fact]
    public void A_layout_of_an_equal_schema_instance_is_accepted()
    {
        var layout = Small.Plan(new Schema(Schema.Fields));
        var writer = new RecordBatchWriter(Large.Plan(), Poisoned(Large.Plan().BodyLength));
        var target = Poisoned(layout.BodyLength);
        writer.Reset(layout, target);
        Small.Append(writer, 0, Small.Rows);
        writer.Finish();

        Assert.Equal(WriteFresh(Small).Body, target);
    }

    [Fact]
    public void Resetting_writing_and_finishing_allocate_nothing()
    {
        var small = Small.Plan();
        var large = Large.Plan();
        var smallTarget = new byte[small.BodyLength];
        var largeTarget = new byte[large.BodyLength];
        var writer = new RecordBatchWriter(large, largeTarget);
        var builders = new Builders(writer);
        // A first round runs every path once, so that JIT and type loading are not counted.
        WriteBoth(writer, builders, small, smallTarget, large, largeTarget);

        long rows = 0;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
            rows += WriteBoth(writer, builders, small, smallTarget, large, largeTarget);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(100L * (Small.Rows + Large.Rows), rows);
    }

    /// <summary>Returns the rows the two finished batches report (asserting inside the measured loop would allocate).</summary>
    private static long WriteBoth(RecordBatchWriter writer, Builders builders, RecordBatchLayout small, byte[] smallTarget, RecordBatchLayout large, byte[] largeTarget)
    {
        writer.Reset(small, smallTarget);
        builders.Append(Small);
        long rows = writer.Finish().FieldNodes[0].Length;
        writer.Reset(large, largeTarget);
        builders.Append(Large);
        return rows + writer.Finish().FieldNodes[0].Length;
    }

    /// <summary>The builders looked up once: <see cref="RecordBatchWriter.Column(string)"/> is not what is measured.</summary>
    private sealed class Builders(RecordBatchWriter writer)
    {
        private readonly PrimitiveColumnBuilder<long> _id = writer.Column<PrimitiveColumnBuilder<long>>("id");
        private readonly BooleanColumnBuilder _flag = writer.Column<BooleanColumnBuilder>("flag");
        private readonly StringColumnBuilder _name = writer.Column<StringColumnBuilder>("name");
        private readonly BinaryColumnBuilder _blob = writer.Column<BinaryColumnBuilder>("blob");
        private readonly TimestampColumnBuilder _stamp = writer.Column<TimestampColumnBuilder>("stamp");
        private readonly ListColumnBuilder _tags = writer.Column<ListColumnBuilder>("tags");
        private readonly StructColumnBuilder _pose = writer.Column<StructColumnBuilder>("pose");
        private readonly FixedSizeListColumnBuilder _triple = writer.Column<FixedSizeListColumnBuilder>("triple");
        private readonly NullColumnBuilder _nothing = writer.Column<NullColumnBuilder>("nothing");

        public void Append(Message message)
        {
            const string Letters = "aaaa";
            for (var row = 0; row < message.Rows; row++)
            {
                if (message.IsNull(row))
                {
                    _id.AppendNull();
                    _flag.AppendNull();
                    _name.AppendNull();
                    _tags.AppendNull();
                    _pose.AppendNull();
                    _triple.AppendNull();
                }
                else
                {
                    _id.Append(row);
                    _flag.Append(true);
                    _name.Append(Letters.AsSpan(0, (row + message.Seed) % 5));
                    var tagCount = message.TagCount(row);
                    _tags.Append(tagCount);
                    _tags.Values.As<PrimitiveColumnBuilder<int>>().AppendInPlace(tagCount).Fill(row);
                    _pose.Append();
                    _pose.Member(0).As<PrimitiveColumnBuilder<float>>().Append(row);
                    _pose.Member(1).As<FixedSizeBinaryColumnBuilder>().AppendInPlace().Fill(1);
                    _triple.Append();
                    _triple.Values.As<PrimitiveColumnBuilder<short>>().AppendInPlace(3).Fill(2);
                }
                _blob.AppendInPlace(message.BlobLength(row)).Fill(3);
                _stamp.Append(row);
                _nothing.AppendNulls(1);
            }
        }
    }

    private static (FinishedRecordBatch Finished, byte[] Body) WriteFresh(Message message)
    {
        var layout = message.Plan();
        var target = Poisoned(layout.BodyLength);
        var writer = new RecordBatchWriter(layout, target);
        message.Append(writer, 0, message.Rows);
        return (writer.Finish(), target);
    }

    private static byte[] Poisoned(int length)
    {
        var target = new byte[length];
        target.AsSpan().Fill(CheckedWrite.Poison);
        return target;
    }
}
