using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Quiver.Arrow.Builders;
using Vision;

namespace Quiver.Messages.Tests;

public class WriterTests
{
    [Fact]
    public void The_writer_fills_the_payload_in_place_in_the_target()
    {
        const int width = 4, height = 2;
        var layout = new RecordBatchSizes(Image.Schema, rowCount: 1)
            .DeclareValueBytes("frame_id", 3)
            .DeclareValueBytes("data", width * height * 3)
            .DeclareListElements("labels", 2)
            .DeclareValueBytes("labels.item", "cat".Length + "sofa".Length)
            .Plan();
        var target = new byte[layout.BodyLength];

        var writer = new Image.Writer(layout, target);
        writer.Width.Append(width);
        writer.Height.Append(height);
        writer.Step.Append(width * 3);
        writer.Encoding.Append((byte)Encoding.Rgb8);
        writer.Stamp.Append(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        writer.FrameId.Append("cam");
        var pixels = writer.Data.AppendInPlace(width * height * 3);
        for (var i = 0; i < pixels.Length; i++)
            pixels[i] = (byte)i;
        writer.Labels.Append(2);
        writer.Labels.Values.As<StringColumnBuilder>().Append("cat");
        writer.Labels.Values.As<StringColumnBuilder>().Append("sofa");
        writer.Pose.AppendNull();
        using var batch = writer.FinishBatch();

        var image = batch[0];
        Assert.Equal(4u, image.Width);
        Assert.Equal(Encoding.Rgb8, image.Encoding);
        Assert.Equal(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), image.StampAsDateTimeOffset);
        Assert.Equal("cam", image.FrameId);
        Assert.Equal(Enumerable.Range(0, 24).Select(i => (byte)i), image.Data.ToArray());
        Assert.Equal(["cat", "sofa"], image.Labels);
        Assert.False(image.HasPose);
        // Buffers before data's: 2 each for width, height, step, encoding, stamp; 3 for frame_id; then data's validity and offsets.
        var dataOffset = (int)layout.Buffers[15].Offset;
        Assert.True(Unsafe.AreSame(ref MemoryMarshal.GetReference(image.Data), ref target[dataOffset]), "the view reads the target the writer filled");
    }

    [Fact]
    public void The_writer_appends_plain_values_too()
    {
        var rows = new[]
        {
            new Image.Value { Width = 1, FrameId = "a", Data = new byte[] { 9 }, Labels = ["x"] },
            new Image.Value { Width = 2, FrameId = "b", Labels = [], Pose = new Geometry.Pose.Value() },
        };
        var layout = rows.PlanLayout();

        var writer = new Image.Writer(layout, new byte[layout.BodyLength]);
        foreach (var row in rows)
            writer.Append(row);
        using var batch = writer.FinishBatch();

        Assert.Equal([1u, 2u], batch.Select(i => i.Width));
        Assert.Equal(9, batch[0].Data[0]);
        Assert.True(batch[1].HasPose);
        Assert.Equal(0.0, batch[1].Pose!.Value.Orientation.W);
    }

    [Fact]
    public void A_layout_of_another_message_is_refused()
    {
        var layout = new RecordBatchSizes(Geometry.Vector3.Schema, 1).Plan();

        Assert.Throws<ArgumentException>(() => new Image.Writer(layout, new byte[layout.BodyLength]));
    }
}
