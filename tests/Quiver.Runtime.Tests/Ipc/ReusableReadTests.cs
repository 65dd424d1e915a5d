using Quiver.Arrow;
using Quiver.Arrow.Ipc;

namespace Quiver.Runtime.Tests.Ipc;

/// <summary>
/// <see cref="ReusableRecordBatchReader"/> reads message after message into the same objects and
/// each read shows exactly what a fresh one-shot read of that message shows; a failed read leaves
/// it unbound, and the next good message binds it again.
/// </summary>
public class ReusableReadTests
{
    private static readonly RecordBatch Sample = SampleColumns.Batch(SampleColumns.All());

    // Windows of every kind of column: shorter, empty, longer again, so lengths, null counts, list
    // sizes and offsets all change between reads (the writer writes a slice as its own batch).
    private static readonly (int Offset, int Length)[] Windows = [(0, 10), (3, 5), (4, 0), (1, 9), (7, 3), (0, 1), (2, 8), (0, 10)];

    private static byte[] Message((int Offset, int Length) window) =>
        IpcMessageWriter.WriteRecordBatch(new RecordBatch(Sample.Schema, Sample.Columns.Select(c => c.Slice(window.Offset, window.Length)), window.Length));

    private static List<List<object?>> Values(RecordBatch batch) => batch.Columns.Select(ColumnWalker.ToValues).ToList();

    [Fact]
    public void Every_read_into_one_target_shows_what_a_fresh_read_of_that_message_shows()
    {
        var reader = new ReusableRecordBatchReader(Sample.Schema);
        var batch = default(RecordBatch);
        foreach (var window in Windows)
        {
            var message = Message(window);
            reader.Read(message);

            var fresh = IpcMessageReader.ReadRecordBatch(Sample.Schema, message);
            Assert.True(reader.IsBound);
            Assert.Equal(window.Length, reader.Batch.Length);
            Assert.Equal(Values(fresh), Values(reader.Batch));
            batch ??= reader.Batch;
            Assert.Same(batch, reader.Batch);
        }
    }

    [Fact]
    public void The_views_are_rebound_not_made_again()
    {
        var reader = new ReusableRecordBatchReader(Sample.Schema);
        reader.Read(Message(Windows[0]));
        var columns = reader.Batch.Columns.ToArray();
        var data = columns.Select(c => c.Data).ToArray();

        reader.Read(Message(Windows[1]));

        Assert.Equal(columns, reader.Batch.Columns);
        Assert.Equal(data, reader.Batch.Columns.Select(c => c.Data));
        Assert.All(reader.Batch.Columns, c => Assert.Equal(Windows[1].Length, c.Length));
    }

    [Fact]
    public void A_failed_read_leaves_the_reader_unbound_and_empty_until_a_good_message_binds_it()
    {
        var reader = new ReusableRecordBatchReader(Sample.Schema);
        var good = Message(Windows[0]);
        reader.Read(good);
        var column = reader.Batch.Columns[1];

        var bad = good.ToArray();
        // The body length in the prefix says more than there is: refused before any buffer is bound.
        Assert.ThrowsAny<ArrowFormatException>(() => reader.Read(bad.AsMemory(0, bad.Length - 64)));
        Assert.False(reader.IsBound);
        Assert.Throws<InvalidOperationException>(() => reader.Batch);
        Assert.Equal(0, column.Length);
        Assert.All(column.Data.Buffers, b => Assert.True(b.IsEmpty));

        reader.Read(good);
        Assert.Equal(Values(IpcMessageReader.ReadRecordBatch(Sample.Schema, good)), Values(reader.Batch));
    }

    [Fact]
    public void A_message_refused_after_some_buffers_were_bound_leaves_nothing_bound()
    {
        // The same columns in reverse order: as many nodes and buffers, so the header checks pass,
        // buffers are bound to the wrong columns, and the validator or the length check refuses.
        var reversed = new RecordBatch(new Schema(Sample.Schema.Fields.Reverse().ToArray()), Sample.Columns.Reverse(), Sample.Length);
        var reader = new ReusableRecordBatchReader(reversed.Schema);
        var good = IpcMessageWriter.WriteRecordBatch(reversed);
        reader.Read(good);
        var columns = reader.Batch.Columns.ToArray();

        Assert.ThrowsAny<ArrowFormatException>(() => reader.Read(Message(Windows[0])));

        Assert.False(reader.IsBound);
        Assert.All(columns, c => Assert.Equal(0, c.Length));
        Assert.All(columns, c => Assert.All(c.Data.Buffers, b => Assert.True(b.IsEmpty)));
        reader.Read(good);
        Assert.Equal(Values(IpcMessageReader.ReadRecordBatch(reversed.Schema, good)), Values(reader.Batch));
    }

    [Fact]
    public void Steady_state_reads_allocate_nothing()
    {
        var messages = Windows.Select(Message).ToArray();
        var reader = new ReusableRecordBatchReader(Sample.Schema);
        // Warm up: every view the walk touches is made once, on the first reads.
        foreach (var message in messages)
        {
            reader.Read(message);
            foreach (var column in reader.Batch.Columns)
                ColumnWalker.Touch(column);
        }

        const int Reads = 400;
        long sum = 0;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Reads; i++)
        {
            reader.Read(messages[i % messages.Length]);
            sum += reader.Batch.Length;
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(Enumerable.Range(0, Reads).Sum(i => (long)Windows[i % Windows.Length].Length), sum);
        Assert.Equal(0, allocated);
    }
}
