using Quiver.Arrow.Builders;
using Vision;

namespace Quiver.Messages.Tests;

/// <summary>
/// The generated <c>Writer.Reset</c>: one writer writes message after message of different sizes,
/// each read back with the values it was given, and once warm a reset, the appends and the finish
/// of a fixed-size image allocate nothing (a deterministic count, not a timing).
/// </summary>
public class WriterResetTests
{
    [Fact]
    public void One_writer_writes_two_images_of_different_sizes()
    {
        var first = Layout(frameId: "left", dataLength: 12, labels: ["cat", "sofa"]);
        var second = Layout(frameId: "a-longer-frame-id", dataLength: 3, labels: []);
        var firstTarget = new byte[first.BodyLength];
        var secondTarget = new byte[second.BodyLength];

        var writer = new Image.Writer(first, firstTarget);
        Write(writer, width: 4, frameId: "left", pixels: 12, labels: ["cat", "sofa"], pose: true);
        using var firstBatch = writer.FinishBatch();
        writer.Reset(second, secondTarget);
        Write(writer, width: 1, frameId: "a-longer-frame-id", pixels: 3, labels: [], pose: false);
        using var secondBatch = writer.FinishBatch();

        var one = firstBatch[0];
        Assert.Equal(4u, one.Width);
        Assert.Equal("left", one.FrameId);
        Assert.Equal(Enumerable.Range(0, 12).Select(i => (byte)(i + 4)), one.Data.ToArray());
        Assert.Equal(["cat", "sofa"], one.Labels);
        Assert.Equal(7.0, one.Pose!.Value.Position.X);
        var two = secondBatch[0];
        Assert.Equal(1u, two.Width);
        Assert.Equal("a-longer-frame-id", two.FrameId);
        Assert.Equal([1, 2, 3], two.Data.ToArray());
        Assert.Empty(two.Labels);
        Assert.False(two.HasPose);
    }

    [Fact]
    public void A_reset_to_another_message_s_layout_is_refused()
    {
        var layout = Layout("f", 1, []);
        var writer = new Image.Writer(layout, new byte[layout.BodyLength]);
        var other = new RecordBatchSizes(Geometry.Vector3.Schema, 1).Plan();

        Assert.Throws<ArgumentException>(() => writer.Reset(other, new byte[other.BodyLength]));
    }

    [Fact]
    public void Resetting_and_writing_a_fixed_size_image_allocates_nothing()
    {
        var layout = Layout("cam", 64, []);
        var targets = new[] { new byte[layout.BodyLength], new byte[layout.BodyLength] };
        var writer = new Image.Writer(layout, targets[0]);
        // The first message runs every path once, so that JIT and type loading are not counted.
        long checksum = WriteFixed(writer, 0);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 1; i <= 200; i++)
        {
            writer.Reset(layout, targets[i % 2]);
            checksum += WriteFixed(writer, i);
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(Enumerable.Range(0, 201).Sum(i => 64L + (byte)i), checksum);
    }

    private static long WriteFixed(Image.Writer writer, int message)
    {
        writer.Width.Append(64);
        writer.Height.Append(1);
        writer.Step.Append(64);
        writer.Encoding.Append((byte)Encoding.Mono8);
        writer.Stamp.Append(message);
        writer.FrameId.Append("cam".AsSpan());
        writer.Data.AppendInPlace(64).Fill((byte)message);
        writer.Labels.Append(0);
        writer.Pose.AppendNull();
        var finished = writer.Finish();
        // Buffer 15 is data's values (see WriterTests): the first pixel, plus the low byte of width (buffer 1).
        return finished.Body.Span[(int)finished.Buffers[15].Offset] + finished.Body.Span[(int)finished.Buffers[1].Offset];
    }

    private static RecordBatchLayout Layout(string frameId, int dataLength, string[] labels) =>
        new RecordBatchSizes(Image.Schema, rowCount: 1)
            .DeclareValueBytes("frame_id", frameId.Length)
            .DeclareValueBytes("data", dataLength)
            .DeclareListElements("labels", labels.Length)
            .DeclareValueBytes("labels.item", labels.Sum(label => label.Length))
            .Plan();

    private static void Write(Image.Writer writer, uint width, string frameId, int pixels, string[] labels, bool pose)
    {
        writer.Width.Append(width);
        writer.Height.Append(1);
        writer.Step.Append(width * 3);
        writer.Encoding.Append((byte)Encoding.Rgb8);
        writer.Stamp.Append(DateTimeOffset.UnixEpoch);
        writer.FrameId.Append(frameId);
        var data = writer.Data.AppendInPlace(pixels);
        for (var i = 0; i < pixels; i++)
            data[i] = (byte)(i + width);
        writer.Labels.Append(labels.Length);
        foreach (var label in labels)
            writer.Labels.Values.As<StringColumnBuilder>().Append(label);
        if (pose)
            AppendPose(writer.Pose);
        else
            writer.Pose.AppendNull();
    }

    private static void AppendPose(StructColumnBuilder pose)
    {
        pose.Append();
        var position = pose.Member("position").As<StructColumnBuilder>();
        position.Append();
        position.Member("x").As<PrimitiveColumnBuilder<double>>().Append(7);
        position.Member("y").As<PrimitiveColumnBuilder<double>>().Append(0);
        position.Member("z").As<PrimitiveColumnBuilder<double>>().Append(0);
        var orientation = pose.Member("orientation").As<StructColumnBuilder>();
        orientation.Append();
        foreach (var member in orientation.Members)
            member.As<PrimitiveColumnBuilder<double>>().Append(member.Field.Name == "w" ? 1 : 0);
    }
}
