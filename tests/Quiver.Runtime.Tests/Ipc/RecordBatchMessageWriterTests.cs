using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Quiver.Arrow;
using Quiver.Arrow.Arrays;
using Quiver.Arrow.Builders;
using Quiver.Arrow.Ipc;
using Quiver.Arrow.Memory;
using Quiver.Arrow.Types;

namespace Quiver.Runtime.Tests.Ipc;

public unsafe class RecordBatchMessageWriterTests
{
    private static readonly Schema FrameSchema = new([
        new Field("sequence", IntType.UInt64, nullable: false),
        new Field("label", Utf8Type.Default, nullable: true),
        new Field("data", BinaryType.Default, nullable: false),
    ]);

    private static RecordBatchLayout FrameLayout(int payloadBytes, int labelBytes = 4) => new RecordBatchSizes(FrameSchema, rowCount: 2)
        .DeclareValueBytes("label", labelBytes)
        .DeclareValueBytes("data", payloadBytes * 2)
        .Plan();

    [Fact]
    public void WritesAMessageInNativeMemoryThatReadsBackInPlace()
    {
        var layout = FrameLayout(payloadBytes: 1000, labelBytes: 5); // "ünï" is 5 bytes of UTF-8
        var length = RecordBatchMessageWriter.GetMessageLength(layout);
        var region = (byte*)NativeMemory.AlignedAlloc((nuint)length, 64);
        try
        {
            new Span<byte>(region, length).Fill(0xCD);
            using var manager = new UnmanagedMemoryManager(region, length);
            var writer = new RecordBatchMessageWriter(layout, manager.Memory);
            Assert.Equal(0, writer.PrefixLength % 64);
            writer.Body.Column<PrimitiveColumnBuilder<ulong>>("sequence").Append([7UL, 8UL]);
            var labels = writer.Body.Column<StringColumnBuilder>("label");
            labels.Append("ünï");
            labels.AppendNull();
            var data = writer.Body.Column<BinaryColumnBuilder>("data");
            var first = data.AppendInPlace(1000);
            first.Fill(1);
            var firstAddress = (nint)Unsafe.AsPointer(ref first[0]);
            data.AppendInPlace(1000).Fill(2);
            writer.Finish();

            using var batch = IpcMessageReader.ReadRecordBatch(FrameSchema, manager.Memory[..writer.MessageLength]);

            Assert.Equal(2, batch.Length);
            Assert.Equal([7UL, 8UL], ((PrimitiveArray<ulong>)batch.Column("sequence")).Values.ToArray());
            var readLabels = (StringArray)batch.Column("label");
            Assert.Equal("ünï", readLabels.GetString(0));
            Assert.Null(readLabels.GetString(1));
            var payload = ((BinaryArray)batch.Column("data")).GetBytes(0);
            Assert.Equal(firstAddress, (nint)Unsafe.AsPointer(ref MemoryMarshal.GetReference(payload)));
            Assert.True(payload.ToArray().All(b => b == 1));
            Assert.True(((BinaryArray)batch.Column("data")).GetBytes(1).ToArray().All(b => b == 2));
        }
        finally
        {
            NativeMemory.AlignedFree(region);
        }
    }

    [Fact]
    public void MessageFramedAsAStreamIsReadByTheStreamReader()
    {
        var layout = FrameLayout(payloadBytes: 3);
        var message = new byte[RecordBatchMessageWriter.GetMessageLength(layout)];
        var writer = new RecordBatchMessageWriter(layout, message);
        writer.Body.Column<PrimitiveColumnBuilder<ulong>>("sequence").Append([1UL, 2UL]);
        writer.Body.Column<StringColumnBuilder>("label").Append("ab");
        writer.Body.Column<StringColumnBuilder>("label").Append("cd");
        writer.Body.Column<BinaryColumnBuilder>("data").Append([1, 2, 3]);
        writer.Body.Column<BinaryColumnBuilder>("data").Append([4, 5, 6]);
        writer.Finish();

        byte[] stream = [.. IpcMessageWriter.WriteSchema(FrameSchema), .. message, .. IpcMessageWriter.EndOfStream];
        var reader = new IpcStreamReader(stream);
        using var batch = reader.ReadNext();

        Assert.NotNull(batch);
        Assert.Equal("cd", ((StringArray)batch.Column("label")).GetString(1));
        Assert.Equal([4, 5, 6], ((BinaryArray)batch.Column("data")).GetBytes(1).ToArray());
        Assert.Null(reader.ReadNext());
    }

    [Fact]
    public void RefusesATargetTooSmallBeforeWriting()
    {
        var layout = FrameLayout(payloadBytes: 10);
        var target = new byte[RecordBatchMessageWriter.GetMessageLength(layout) - 1];
        var e = Assert.Throws<ArgumentException>(() => new RecordBatchMessageWriter(layout, target));
        Assert.Contains($"needs {target.Length + 1}", e.Message);
        Assert.All(target, b => Assert.Equal(0, b));
    }
}
