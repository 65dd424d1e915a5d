using System.Runtime.InteropServices;
using Quiver.Arrow;
using Quiver.Arrow.Builders;
using Quiver.Arrow.Ipc;

namespace Quiver.Runtime.Tests.Builders;

/// <summary>
/// Writes a batch into a target poisoned with <see cref="Poison"/> and checks what every written
/// batch must satisfy, independently of the builders: no poison left in the body (every byte
/// written, padding zeroed), nothing written past it, aligned contiguous buffers, views that
/// validate and whose buffers are exactly the IPC regions of the target, field nodes that agree
/// with the views.
/// </summary>
internal static class CheckedWrite
{
    public const byte Poison = 0xCD;

    public static FinishedRecordBatch Write(RecordBatchLayout layout, Action<RecordBatchWriter> fill)
    {
        var target = new byte[layout.BodyLength + 64];
        target.AsSpan().Fill(Poison);
        var writer = new RecordBatchWriter(layout, target);
        fill(writer);
        var finished = writer.Finish();
        CheckBody(finished, target);
        CheckViewsMatchIpcDescription(finished, target);
        return finished;
    }

    public static FinishedRecordBatch Write(Schema schema, int rows, Action<RecordBatchSizes> declare, Action<RecordBatchWriter> fill)
    {
        var sizes = new RecordBatchSizes(schema, rows);
        declare(sizes);
        return Write(sizes.Plan(), fill);
    }

    private static void CheckBody(FinishedRecordBatch finished, byte[] target)
    {
        Assert.Equal(0, finished.BodyLength % 64);
        var poisoned = target.AsSpan(0, finished.BodyLength).IndexOf(Poison);
        Assert.True(poisoned < 0, $"Body byte {poisoned} still holds the poison: a byte of the body was not written.");
        Assert.True(target.AsSpan(finished.BodyLength).IndexOfAnyExcept(Poison) < 0, "A byte after the body was written.");

        long previousEnd = 0;
        foreach (var buffer in finished.Buffers)
        {
            Assert.Equal(0, buffer.Offset % 64);
            Assert.True(buffer.Offset >= previousEnd, $"Buffer at {buffer.Offset} overlaps the previous one ending at {previousEnd}.");
            previousEnd = buffer.Offset + buffer.Length;
        }
        Assert.True(previousEnd <= finished.BodyLength);
    }

    private static void CheckViewsMatchIpcDescription(FinishedRecordBatch finished, byte[] target)
    {
        var arrays = new List<ArrayData>();
        foreach (var column in finished.Batch.Columns)
        {
            ArrayDataValidator.Validate(column.Data, validateUtf8: true);
            Flatten(column.Data, arrays);
        }
        Assert.Equal(arrays.Count, finished.FieldNodes.Length);
        var bufferIndex = 0;
        for (var i = 0; i < arrays.Count; i++)
        {
            var data = arrays[i];
            var nulls = 0;
            for (var slot = 0; slot < data.Length; slot++)
                nulls += data.IsValid(slot) ? 0 : 1;
            Assert.Equal(new IpcFieldNode(data.Length, nulls), finished.FieldNodes[i]);
            foreach (var buffer in data.Buffers)
            {
                var region = finished.Buffers[bufferIndex++];
                Assert.Equal(region.Length, buffer.Length);
                if (buffer.Length == 0)
                    continue;
                Assert.True(MemoryMarshal.TryGetArray(buffer.Memory, out var segment));
                Assert.Same(target, segment.Array);
                Assert.Equal(region.Offset, segment.Offset);
            }
        }
        Assert.Equal(finished.Buffers.Length, bufferIndex);
    }

    private static void Flatten(ArrayData data, List<ArrayData> into)
    {
        into.Add(data);
        foreach (var child in data.Children)
            Flatten(child, into);
    }
}
