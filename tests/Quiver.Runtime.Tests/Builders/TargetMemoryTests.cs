using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Quiver.Arrow;
using Quiver.Arrow.Arrays;
using Quiver.Arrow.Builders;
using Quiver.Arrow.Memory;
using Quiver.Arrow.Types;

namespace Quiver.Runtime.Tests.Builders;

public class TargetMemoryTests
{
    private static readonly Schema Schema = new([
        new Field("id", IntType.UInt32, nullable: false),
        new Field("flag", BooleanType.Default),
        new Field("name", Utf8Type.Default),
        new Field("image", BinaryType.Default, nullable: false),
        new Field("tags", new ListType(new Field("item", Utf8Type.Default))),
        new Field("pose", new StructType([new Field("x", FloatingPointType.Float64), new Field("q", new FixedSizeListType(new Field("item", FloatingPointType.Float32), 4))])),
    ]);

    /// <summary>Row i: id i, a flag, a name, an image of imageBytes(i) bytes, i % 3 tags, a pose (null every third row).</summary>
    private static RecordBatchLayout Plan(int rows, Func<int, int> imageBytes)
    {
        var names = Enumerable.Range(0, rows).Sum(i => Name(i).Length);
        var images = Enumerable.Range(0, rows).Sum(imageBytes);
        var tags = Enumerable.Range(0, rows).Sum(i => i % 3);
        return new RecordBatchSizes(Schema, rows)
            .DeclareValueBytes("name", names)
            .DeclareValueBytes("image", images)
            .DeclareListElements("tags", tags)
            .DeclareValueBytes("tags.item", tags)
            .Plan();
    }

    private static string Name(int row) => "n" + row;

    private static void Fill(RecordBatchWriter w, Func<int, int> imageBytes)
    {
        var rows = w.Layout.RowCount;
        var ids = w.Column<PrimitiveColumnBuilder<uint>>("id").AppendInPlace(rows);
        for (var i = 0; i < rows; i++)
            ids[i] = (uint)i * 2;
        var flag = w.Column<BooleanColumnBuilder>("flag");
        var name = w.Column<StringColumnBuilder>("name");
        var image = w.Column<BinaryColumnBuilder>("image");
        var tags = w.Column<ListColumnBuilder>("tags");
        var tag = tags.Values.As<StringColumnBuilder>();
        var pose = w.Column<StructColumnBuilder>("pose");
        for (var i = 0; i < rows; i++)
        {
            if (i % 4 == 1)
                flag.AppendNull();
            else
                flag.Append(i % 2 == 0);
            name.Append(Name(i));
            image.AppendInPlace(imageBytes(i)).Fill((byte)(i + 1));
            tags.Append(i % 3);
            for (var t = 0; t < i % 3; t++)
                tag.Append("t");
            if (i % 3 == 2)
            {
                pose.AppendNull();
                continue;
            }
            pose.Append();
            pose.Member("x").As<PrimitiveColumnBuilder<double>>().Append(i * 0.5);
            var q = pose.Member("q").As<FixedSizeListColumnBuilder>();
            q.Append();
            q.Values.As<PrimitiveColumnBuilder<float>>().Append([1, 0, 0, i]);
        }
    }

    private static void AssertRows(RecordBatch batch, Func<int, int> imageBytes)
    {
        var image = (BinaryArray)batch.Column("image");
        var name = (StringArray)batch.Column("name");
        var pose = (StructArray)batch.Column("pose");
        var ids = (PrimitiveArray<uint>)batch.Column("id");
        for (var i = 0; i < batch.Length; i++)
        {
            Assert.Equal((uint)i * 2, ids.GetValue(i));
            Assert.Equal(Name(i), name.GetString(i));
            Assert.Equal(Enumerable.Repeat((byte)(i + 1), imageBytes(i)), image.GetBytes(i).ToArray());
            Assert.Equal(i % 3 == 2, pose.IsNull(i));
        }
    }

    [Fact]
    public void ManyRowsPoisonedTargetEveryByteWrittenOnce()
    {
        static int ImageBytes(int i) => i * 7 % 130;
        var finished = CheckedWrite.Write(Plan(150, ImageBytes), w => Fill(w, ImageBytes));
        AssertRows(finished.Batch, ImageBytes);
    }

    [Fact]
    public void AReusedTargetHoldsTheSameBytesAsAFreshOne()
    {
        static int Big(int i) => 300 + i;
        static int Small(int i) => i % 5;
        var target = new byte[Plan(40, Big).BodyLength];
        var first = new RecordBatchWriter(Plan(40, Big), target);
        Fill(first, Big);
        first.Finish();

        var layout = Plan(23, Small);
        var reused = new RecordBatchWriter(layout, target);
        Fill(reused, Small);
        var result = reused.Finish();
        var fresh = new RecordBatchWriter(layout, new byte[layout.BodyLength]);
        Fill(fresh, Small);

        Assert.Equal(fresh.Finish().Body.ToArray(), result.Body.ToArray());
        AssertRows(result.Batch, Small);
    }

    [Fact]
    public unsafe void WritesIntoNativeMemoryAndTheViewsPointIntoIt()
    {
        static int ImageBytes(int i) => 1000 + i;
        var layout = Plan(20, ImageBytes);
        var size = layout.BodyLength + 256;
        var region = (byte*)NativeMemory.AlignedAlloc((nuint)size, 64);
        try
        {
            new Span<byte>(region, size).Fill(CheckedWrite.Poison);
            var manager = new UnmanagedMemoryManager(region, size);
            var writer = new RecordBatchWriter(layout, manager.Memory);
            Fill(writer, ImageBytes);
            var finished = writer.Finish();

            AssertRows(finished.Batch, ImageBytes);
            var buffers = 0;
            foreach (var column in finished.Batch.Columns)
            {
                ArrayDataValidator.Validate(column.Data, validateUtf8: true);
                foreach (var buffer in AllBuffers(column.Data).Where(b => !b.IsEmpty))
                {
                    var address = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(buffer.Span));
                    Assert.True(address >= region && address + buffer.Length <= region + layout.BodyLength, "A buffer lies outside the native body.");
                    Assert.Equal(0, (nint)address % 64);
                    buffers++;
                }
            }
            Assert.Equal(finished.Buffers.ToArray().Count(b => b.Length > 0), buffers);
            Assert.True(new Span<byte>(region, layout.BodyLength).IndexOf(CheckedWrite.Poison) < 0);
            Assert.True(new Span<byte>(region + layout.BodyLength, 256).IndexOfAnyExcept(CheckedWrite.Poison) < 0);
        }
        finally
        {
            NativeMemory.AlignedFree(region);
        }
    }

    [Fact]
    public unsafe void AllocatedManagedBodiesAre64ByteAlignedInMemory()
    {
        for (var rows = 1; rows < 6; rows++)
        {
            var writer = RecordBatchWriter.Allocate(Plan(rows, i => i));
            Fill(writer, i => i);
            var finished = writer.Finish();
            Assert.Equal(finished.BodyLength, writer.Body.Length);
            fixed (byte* body = writer.Body.Span)
                Assert.Equal(0, (nint)body % 64);
            foreach (var buffer in finished.Batch.Columns.SelectMany(c => AllBuffers(c.Data)).Where(b => !b.IsEmpty))
            {
                fixed (byte* start = buffer.Span)
                    Assert.Equal(0, (nint)start % 64);
            }
        }
    }

    private static IEnumerable<ArrowBuffer> AllBuffers(ArrayData data) =>
        data.Buffers.Concat(data.Children.SelectMany(AllBuffers));
}
