using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Quiver.Arrow;
using Quiver.Arrow.Arrays;
using Quiver.Arrow.Ipc;

namespace Quiver.Runtime.Tests.Ipc;

/// <summary>
/// A message whose metadata is byte for byte the last one's is bound from the kept layout
/// (<see cref="RecordBatchLayoutCache"/>) instead of a fresh flatbuffer decode. It must still read
/// its own values and have its own content checked: the messages here share the first one's
/// metadata and differ only in their bodies.
/// </summary>
public class LayoutCacheTests
{
    private static readonly RecordBatch Sample = SampleColumns.Batch(SampleColumns.All());
    private static readonly byte[] First = IpcMessageWriter.WriteRecordBatch(Sample);

    private static List<List<object?>> Values(RecordBatch batch) => batch.Columns.Select(ColumnWalker.ToValues).ToList();

    /// <summary>Where buffer <paramref name="index"/> of column <paramref name="name"/> lies in <see cref="First"/>.</summary>
    private static ArraySegment<byte> BufferOf(string name, int index)
    {
        var batch = IpcMessageReader.ReadRecordBatch(Sample.Schema, First);
        var column = batch.Columns[Sample.Schema.Fields.ToList().FindIndex(f => f.Name == name)];
        Assert.True(MemoryMarshal.TryGetArray(column.Data.Buffers[index].Memory, out var segment));
        return segment;
    }

    /// <summary>A copy of <see cref="First"/> with its body changed by <paramref name="change"/>; the metadata stays the same.</summary>
    private static byte[] WithBody(Action<byte[]> change)
    {
        var copy = First.ToArray();
        change(copy);
        var metadata = EncapsulatedMessage.Read(First, 0).Metadata.Length;
        Assert.Equal(First.AsSpan(0, 8 + metadata).ToArray(), copy.AsSpan(0, 8 + metadata).ToArray());
        return copy;
    }

    [Fact]
    public void A_message_with_the_last_ones_metadata_is_bound_from_the_kept_layout_and_another_is_not()
    {
        var cache = RecordBatchLayoutCache.For(Sample.Schema)!;
        var columns = RecordBatchDecoder.Unbound(Sample.Schema);
        Assert.False(cache.TryBind(First, columns, out _));

        var message = EncapsulatedMessage.Read(First, 0);
        var rows = RecordBatchDecoder.Bind(Sample.Schema, message, columns, record: cache.BeingRead);
        cache.Remember(message, rows);

        Assert.True(cache.TryBind(WithBody(_ => { }), columns, out var cachedRows));
        Assert.Equal(rows, cachedRows);
        var shorter = IpcMessageWriter.WriteRecordBatch(new RecordBatch(Sample.Schema, Sample.Columns.Select(c => c.Slice(0, 9)), 9));
        Assert.False(cache.TryBind(shorter, columns, out _));
    }

    [Fact]
    public void A_schema_with_dictionaries_keeps_no_layout()
    {
        var schema = new Schema([new Field("d", new Quiver.Arrow.Types.DictionaryType(Quiver.Arrow.Types.IntType.Int32, Quiver.Arrow.Types.Utf8Type.Default, false))]);
        Assert.Null(RecordBatchLayoutCache.For(schema));
    }

    [Fact]
    public void A_message_with_the_last_ones_metadata_shows_its_own_values()
    {
        var int32 = BufferOf("int32", 1);
        var utf8 = BufferOf("utf8", 2);
        var second = WithBody(bytes =>
        {
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(int32.Offset), 12345);
            bytes[utf8.Offset] = (byte)'A';
        });
        var reader = new ReusableRecordBatchReader(Sample.Schema);
        reader.Read(First);
        var firstValues = Values(reader.Batch);

        reader.Read(second);

        var expected = Values(IpcMessageReader.ReadRecordBatch(Sample.Schema, second));
        Assert.NotEqual(firstValues, expected);
        Assert.Equal(expected, Values(reader.Batch));
        Assert.Equal(12345, expected[Sample.Schema.Fields.ToList().FindIndex(f => f.Name == "int32")][0]);
    }

    [Fact]
    public void Every_message_read_from_the_kept_layout_is_bound_to_its_own_body_alone()
    {
        var int32 = BufferOf("int32", 1);
        var reader = new ReusableRecordBatchReader(Sample.Schema);
        reader.Read(First);
        var messages = Enumerable.Range(1, 3)
            .Select(n => WithBody(bytes => BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(int32.Offset), n)))
            .ToList();

        foreach (var message in messages)
        {
            reader.Read(message);

            Assert.Equal(Values(IpcMessageReader.ReadRecordBatch(Sample.Schema, message)), Values(reader.Batch));
            var buffers = reader.Batch.Columns.SelectMany(column => BuffersOf(column.Data)).ToList();
            // Empty buffers hold no earlier message: they are emptied once per layout, then left alone.
            Assert.Contains(buffers, buffer => buffer.IsEmpty);
            foreach (var buffer in buffers)
            {
                Assert.True(MemoryMarshal.TryGetArray(buffer.Memory, out var segment));
                if (buffer.IsEmpty)
                    Assert.Empty(segment.Array!);
                else
                    Assert.Same(message, segment.Array);
            }
        }
    }

    [Fact]
    public void A_message_at_the_place_of_a_released_one_is_read_from_its_own_bytes_and_content_checks()
    {
        var int32 = BufferOf("int32", 1);
        var place = (byte[])First.Clone();
        var reader = new ReusableRecordBatchReader(Sample.Schema);
        reader.Read(place);
        reader.Read(place);

        // A release keeps the buffers pointing at the place; the next message written there must
        // still be read from what it holds now, and its content still checked.
        for (var n = 1; n <= 3; n++)
        {
            reader.Release();
            Assert.False(reader.IsBound);
            Assert.Throws<InvalidOperationException>(() => reader.Batch);
            WithBody(bytes => BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(int32.Offset), n)).CopyTo(place, 0);
            reader.Read(place);
            Assert.Equal(Values(IpcMessageReader.ReadRecordBatch(Sample.Schema, place)), Values(reader.Batch));
        }
        reader.Release();
        var listOffsets = BufferOf("list", 1);
        BinaryPrimitives.WriteInt32LittleEndian(place.AsSpan(listOffsets.Offset + 4 * SampleColumns.Rows), 1 << 20);
        Assert.Contains("last offset", Assert.Throws<ArrowFormatException>(() => reader.Read(place)).Message);
        Assert.False(reader.IsBound);

        // After a failed read, an unbind or a message elsewhere, the buffers are set again.
        First.CopyTo(place, 0);
        foreach (var step in new Action[] { () => reader.Read(place), reader.Unbind, () => reader.Read(place), () => reader.Read(First) })
            step();
        Assert.Equal(Values(Sample), Values(reader.Batch));
        Assert.All(reader.Batch.Columns.SelectMany(column => BuffersOf(column.Data)).Where(buffer => !buffer.IsEmpty), buffer =>
        {
            Assert.True(MemoryMarshal.TryGetArray(buffer.Memory, out var segment));
            Assert.Same(First, segment.Array);
        });
        reader.Release();
        reader.Read(place);
        Assert.All(reader.Batch.Columns.SelectMany(column => BuffersOf(column.Data)).Where(buffer => !buffer.IsEmpty), buffer =>
        {
            Assert.True(MemoryMarshal.TryGetArray(buffer.Memory, out var segment));
            Assert.Same(place, segment.Array);
        });
    }

    private static IEnumerable<Quiver.Arrow.Memory.ArrowBuffer> BuffersOf(ArrayData data) =>
        data.Buffers.Concat(data.Children.SelectMany(BuffersOf));

    [Theory]
    [InlineData("utf8", 1, "last offset")]
    [InlineData("list", 1, "last offset")]
    [InlineData("int32", 0, "null count says")]
    [InlineData("struct", 0, "null count says")]
    public void Content_that_breaks_in_a_message_with_the_last_ones_metadata_is_refused_as_by_a_full_decode(string column, int buffer, string problem)
    {
        var region = BufferOf(column, buffer);
        var broken = WithBody(bytes =>
        {
            if (buffer == 0)
                bytes[region.Offset] ^= 0b10; // flips the validity of row 1
            else
                BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(region.Offset + 4 * SampleColumns.Rows), 1 << 20);
        });
        var fresh = Assert.ThrowsAny<ArrowFormatException>(() => new ReusableRecordBatchReader(Sample.Schema).Read(broken));
        var reader = new ReusableRecordBatchReader(Sample.Schema);
        reader.Read(First);

        var cached = Assert.ThrowsAny<ArrowFormatException>(() => reader.Read(broken));

        Assert.Contains(problem, cached.Message);
        Assert.Contains($"column '{column}'", cached.Message);
        Assert.Equal(fresh.Message, cached.Message);
        Assert.False(reader.IsBound);
        reader.Read(First);
        Assert.Equal(Values(IpcMessageReader.ReadRecordBatch(Sample.Schema, First)), Values(reader.Batch));
    }

    [Fact]
    public void A_region_shorter_than_the_kept_body_is_refused_as_by_a_full_decode()
    {
        var cut = First.AsMemory(0, First.Length - 64);
        var fresh = Assert.ThrowsAny<ArrowFormatException>(() => new ReusableRecordBatchReader(Sample.Schema).Read(cut));
        var reader = new ReusableRecordBatchReader(Sample.Schema);
        reader.Read(First);

        var cached = Assert.ThrowsAny<ArrowFormatException>(() => reader.Read(cut));

        Assert.Equal(fresh.Message, cached.Message);
        Assert.False(reader.IsBound);
    }

    [Fact]
    public void Random_changes_to_the_body_get_the_verdict_and_values_of_a_full_decode()
    {
        var random = new Random(20261204);
        var bodyStart = First.Length - EncapsulatedMessage.Read(First, 0).Body.Length;
        var refused = 0;
        for (var trial = 0; trial < 500; trial++)
        {
            var changed = WithBody(bytes =>
            {
                for (var i = random.Next(1, 4); i > 0; i--)
                    bytes[random.Next(bodyStart, bytes.Length)] = (byte)random.Next(256);
            });
            var reader = new ReusableRecordBatchReader(Sample.Schema);
            reader.Read(First);

            var expected = Outcome(new ReusableRecordBatchReader(Sample.Schema), changed);
            Assert.Equal(expected, Outcome(reader, changed));
            refused += expected.StartsWith("refused", StringComparison.Ordinal) ? 1 : 0;
        }
        // Both kinds of outcome were compared, not only one.
        Assert.InRange(refused, 20, 480);
    }

    private static string Outcome(ReusableRecordBatchReader reader, byte[] message)
    {
        try
        {
            reader.Read(message);
            return string.Join("|", Values(reader.Batch).Select(column => string.Join(",", column.Select(Describe))));
        }
        catch (ArrowFormatException e)
        {
            return "refused: " + e.Message;
        }
    }

    private static string Describe(object? value) => value switch
    {
        null => "null",
        IEnumerable<object?> items when value is not string => "[" + string.Join(",", items.Select(Describe)) + "]",
        _ => value.ToString() ?? "",
    };
}
