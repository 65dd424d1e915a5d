using Quiver.Arrow.Ipc;
using Quiver.Messages;
using Vision;

namespace Quiver.Messages.Tests;

/// <summary>
/// What a subscriber allocates to turn a received vision.Image sample into a typed batch: the
/// decoded record batch and the two objects of <see cref="MessageBatch{T}"/>, nothing per call
/// beyond them. Allocation counts are deterministic, so the bound is exact, not a timing.
/// </summary>
public class ReceiveAllocationTests
{
    private const int Reads = 200;

    // 64-bit object sizes (16-byte object header, 24-byte array header, 8 per reference).
    // vision.Image has 9 columns; with list<item: string> and pose: struct<position: struct<x, y, z>,
    // orientation: struct<x, y, z, w>> that is 19 arrays holding 38 buffers:
    //   19 ArrayData x 64 (4 references, 3 ints, padded)    = 1216
    //   19 ArrowBuffer[] x 24 + 38 buffers x 16             = 1064
    //   children arrays: labels 1, pose 2, position 3, orientation 4 (24 + 8 each) = 176
    //   9 column views: 7 x 24, list and struct 32 each     =  232
    //   columns array (24 + 9 x 8) and the RecordBatch (48) =  144
    //   MessageBatch<Image> (32) and its MessageColumns (72: the generation views check, and the
    //   two references of a schema evolution column map, null here)                     = 104
    private const long ExpectedBytes = 1216 + 1064 + 176 + 232 + 144 + 104;

    [Fact]
    public void WrappingAReceivedImageAllocatesOnlyItsBatch()
    {
        Assert.True(Environment.Is64BitProcess, "The object sizes above are those of a 64-bit runtime.");
        using var written = new Image.Value { Width = 8, Height = 1, Step = 8, FrameId = "f", Data = new byte[64], Labels = ["a"] }.ToBatch();
        var message = IpcMessageWriter.WriteRecordBatch(written.RecordBatch);

        for (var i = 0; i < 20; i++)
            new MessageBatch<Image>(IpcMessageReader.ReadRecordBatch(Image.Schema, message)).Dispose();

        var rows = 0L;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Reads; i++)
        {
            var batch = new MessageBatch<Image>(IpcMessageReader.ReadRecordBatch(Image.Schema, message));
            rows += batch.RecordBatch.Length;
            batch.Dispose();
        }
        var perRead = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)Reads;

        Assert.Equal(Reads, rows);
        Assert.True(perRead <= ExpectedBytes, $"A received Image allocated {perRead} bytes; its batch's own objects take {ExpectedBytes}.");
    }
}
