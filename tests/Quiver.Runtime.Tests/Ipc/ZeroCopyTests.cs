using System.Runtime.InteropServices;
using Quiver.Arrow;
using Quiver.Arrow.Ipc;
using Quiver.Arrow.Memory;

namespace Quiver.Runtime.Tests.Ipc;

public unsafe class ZeroCopyTests
{
    [Theory]
    [InlineData("generated_primitive")]
    [InlineData("generated_binary")]
    [InlineData("generated_nested")]
    [InlineData("generated_recursive_nested")]
    [InlineData("generated_large_binary")]
    public void BatchBuffersPointIntoTheNativeRegion(string name)
    {
        var stream = ArrowTestingData.ReadStream(name);
        var region = (byte*)NativeMemory.AlignedAlloc((nuint)stream.Length, 64);
        try
        {
            stream.CopyTo(new Span<byte>(region, stream.Length));
            var memory = new UnmanagedMemoryManager(region, stream.Length).Memory;
            var reader = new IpcStreamReader(memory);
            var buffers = 0;
            foreach (var batch in reader.ReadAll())
            {
                foreach (var column in batch.Columns)
                    buffers += CheckInside(column.Data, region, stream.Length);
            }
            Assert.True(buffers > 0, "no non-empty buffer was checked");
        }
        finally
        {
            NativeMemory.AlignedFree(region);
        }
    }

    [Fact]
    public void MessageReaderSlicesTheGivenMemory()
    {
        var columns = SampleColumns.All();
        var batch = SampleColumns.Batch(columns);
        var message = IpcMessageWriter.WriteRecordBatch(batch);
        var region = (byte*)NativeMemory.AlignedAlloc((nuint)message.Length, 64);
        try
        {
            message.CopyTo(new Span<byte>(region, message.Length));
            using var read = IpcMessageReader.ReadRecordBatch(batch.Schema, new UnmanagedMemoryManager(region, message.Length).Memory);
            var buffers = read.Columns.Sum(c => CheckInside(c.Data, region, message.Length));
            Assert.True(buffers > 20);
            // Quiver's writer aligns every buffer to 64 bytes and the region is 64-aligned.
            foreach (var column in read.Columns)
                foreach (var buffer in column.Data.Buffers.Where(b => !b.IsEmpty))
                    Assert.Equal(0, (long)Address(buffer.Span) % 64);
        }
        finally
        {
            NativeMemory.AlignedFree(region);
        }
    }

    private static int CheckInside(ArrayData data, byte* region, int length)
    {
        var checkedBuffers = 0;
        foreach (var buffer in data.Buffers)
        {
            if (buffer.IsEmpty)
                continue;
            var start = Address(buffer.Span);
            Assert.True(start >= region && start + buffer.Length <= region + length,
                $"a {data.Type} buffer of {buffer.Length} bytes at 0x{(long)start:X} is outside the region 0x{(long)region:X}+{length}");
            checkedBuffers++;
        }
        foreach (var child in data.Children)
            checkedBuffers += CheckInside(child, region, length);
        return checkedBuffers;
    }

    // Only used on spans over native memory, which never moves, so the address outlives the fixed block.
    private static byte* Address(ReadOnlySpan<byte> span)
    {
        fixed (byte* pointer = span)
            return pointer;
    }
}
