// The program of a user's console project, built against the packed Quiver packages by
// PackageTests and shown in docs/csharp.md. Schemas: geometry.quiver and vision.quiver.
using Quiver;
using Quiver.Arrow.Builders;
using Quiver.Interop.ApacheArrow;
using Quiver.Messages;
using Vision;

// Send side, one-copy path: a plain value, planned and written as a record batch.
var value = new Image.Value
{
    Width = 2,
    Height = 1,
    Step = 6,
    Encoding = Encoding.Rgb8,
    Stamp = 1_700_000_000_123_456_789,
    FrameId = "camera/left",
    Data = new byte[] { 255, 0, 0, 0, 255, 0 },
    Labels = ["cat", "sofa"],
    Pose = new Geometry.Pose.Value { Position = new Geometry.Vector3.Value { X = 1, Y = 2, Z = 3 } },
};
using (MessageBatch<Image> batch = value.ToBatch())
{
    // Receive side: views read the batch in place; spans point into its memory.
    Image image = batch[0];
    Console.WriteLine($"{image.FrameId} {image.Width}x{image.Height} {image.Encoding} at {image.StampAsDateTimeOffset:O}");
    ReadOnlySpan<byte> pixels = image.Data;
    Console.WriteLine($"first pixel {pixels[0]},{pixels[1]},{pixels[2]}; labels {string.Join("+", image.Labels)}");
    if (image.Pose is { } pose)
        Console.WriteLine($"pose at ({pose.Position.X}, {pose.Position.Y}, {pose.Position.Z})");
    Image.Value copy = image.ToValue();   // a deep copy that outlives the batch
    Console.WriteLine($"copy has {copy.Data.Length} bytes");
}

// Send side, zero-copy path: plan the sizes, then fill the payload where it will be read.
RecordBatchLayout layout = new RecordBatchSizes(Image.Schema, rowCount: 1)
    .DeclareValueBytes("frame_id", "camera/right".Length)
    .DeclareValueBytes("data", 640 * 480)
    .Plan();
var target = new byte[layout.BodyLength];   // in Quiver: a sample loaned from the publisher
var writer = new Image.Writer(layout, target);
writer.Width.Append(640);
writer.Height.Append(480);
writer.Step.Append(640);
writer.Encoding.Append((byte)Encoding.Mono8);
writer.Stamp.Append(DateTimeOffset.UnixEpoch.AddDays(1));
writer.FrameId.Append("camera/right");
Span<byte> frame = writer.Data.AppendInPlace(640 * 480);
frame.Fill(128);                             // the camera writes straight into the target
writer.Labels.Append(0);
writer.Pose.AppendNull();
using (MessageBatch<Image> sent = writer.FinishBatch())
{
    Image image = sent[0];
    Console.WriteLine($"{image.FrameId} {image.Width}x{image.Height} {image.Encoding}, pixel {image.Data[1000]}, has pose: {image.HasPose}");
    Console.WriteLine($"fingerprint {Image.Fingerprint}");
}

// Between processes (one here, for brevity): a topic of images. A received message becomes an
// Apache.Arrow batch over the publisher's shared memory, and an Apache.Arrow batch with Image's
// columns is sent as typed messages (one copy, into shared memory).
await using var publisher = Topic.Publish<Image>("camera/apache");
await using var subscriber = Topic.Subscribe<Image>("camera/apache");
publisher.WaitForSubscribers(1, TimeSpan.FromSeconds(30));
publisher.Send(value with { FrameId = "camera/apache", Width = 640, Step = 640, Data = new byte[640] });
using (ReceivedMessages<Image> received = subscriber.Receive(TimeSpan.FromSeconds(30))!)
using (Apache.Arrow.RecordBatch arrow = received.ToApacheArrow())
{
    ReadOnlySpan<byte> pixels = ((Apache.Arrow.BinaryArray)arrow.Column("data")).GetBytes(0);
    bool inSample = received.Memory.Span.Overlaps(pixels);
    Console.WriteLine($"Apache.Arrow batch: {arrow.Length} row, {pixels.Length} bytes of pixels in the sample's shared memory: {inSample}");
    publisher.Send(arrow);
}
using (ReceivedMessages<Image> back = subscriber.Receive(TimeSpan.FromSeconds(30))!)
    Console.WriteLine($"sent from Apache.Arrow: {back.Message.FrameId} {back.Message.Width}x{back.Message.Height}, {back.Message.Data.Length} bytes");
