using Quiver.Arrow.Ipc;
using Quiver.Messages.Tests.Topics;
using Vision;

namespace Quiver.Messages.Tests;

/// <summary>
/// Decoding messages into one <see cref="ReusableRecordBatchReader"/> and reading them through
/// generated views over its <see cref="MessageColumns"/> (released before every rebind) allocates
/// nothing once warm, for vision.Image and for all_types.AllTypes with messages of different shapes.
/// Allocation counts are deterministic, so the bound is exact, not a timing.
/// </summary>
public class ReusableReadAllocationTests
{
    private const int Reads = 300;

    private static T View<T>(MessageColumns columns, int row) where T : IMessage<T> => T.CreateView(columns, row);

    [Fact]
    public void Reading_images_again_and_again_allocates_nothing()
    {
        byte[][] messages =
        [
            Message(new Image.Value { Width = 8, Height = 1, Step = 8, FrameId = "f", Data = new byte[64], Labels = ["a"] }.ToBatch()),
            Message(ImageMessages.Value(1000, 3).ToBatch()),
            Message((ImageMessages.Value(10, 4) with { Pose = AllTypesSamples.Pose(2) }).ToBatch()),
        ];
        var allocated = Measure<Image>(messages, static image =>
            image.Width + image.Data.Length + image.Labels.Count + (image.Pose is { } pose ? pose.Position.X : 0));
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Reading_every_field_type_again_and_again_allocates_nothing()
    {
        byte[][] messages = [Message(AllTypesSamples.Maximum().ToBatch()), Message(AllTypesSamples.Minimum().ToBatch()), Message(AllTypesSamples.Nulls().ToBatch())];
        var allocated = Measure<AllTypes.AllTypes>(messages, static m =>
            m.I32 + m.Blob.Length + m.Ints.Length + m.Pose.Position.X + m.Poses.Count + (m.Poses.Count > 0 ? m.Poses[0].Orientation.W : 0)
            + m.Tags.Count + (m.Matrix.Count > 0 ? m.Matrix[0].Span.Length : 0) + (m.HasMaybePose ? 1 : 0) + (m.MaybeInt ?? 0) + (int)m.Level);
        Assert.Equal(0, allocated);
    }

    private static byte[] Message<T>(MessageBatch<T> batch) where T : IMessage<T>
    {
        using (batch)
            return IpcMessageWriter.WriteRecordBatch(batch.RecordBatch);
    }

    private static long Measure<T>(byte[][] messages, Func<T, double> read) where T : IMessage<T>
    {
        var reader = new ReusableRecordBatchReader(T.Schema);
        reader.Read(messages[0]);
        var columns = MessageColumns.Of(reader.Batch);
        var sum = 0.0;
        // Warm up: views, nested columns and list readers are made once, on the first reads.
        for (var i = 0; i < messages.Length * 3; i++)
            sum += ReadOne(reader, columns, messages[i % messages.Length], read);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Reads; i++)
            sum += ReadOne(reader, columns, messages[i % messages.Length], read);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.False(double.IsNaN(sum));
        return allocated;
    }

    private static double ReadOne<T>(ReusableRecordBatchReader reader, MessageColumns columns, byte[] message, Func<T, double> read) where T : IMessage<T>
    {
        columns.Release();
        reader.Read(message);
        return read(View<T>(columns, 0));
    }
}
