using System.Buffers.Binary;
using System.Diagnostics;
using Quiver.Arrow.Builders;
using Vision;

namespace Quiver.Transport.Bench;

/// <summary>
/// The typed path of the benchmark: a vision.Image whose Data holds the payload, written in place
/// through a loan; the send time (Stopwatch) is the first 8 bytes of Data, as in the raw path.
/// </summary>
internal static class TypedImages
{
    // A camera's frames all have the same size, so it plans the layout once, not per frame.
    private static readonly Dictionary<int, RecordBatchLayout> Layouts = new();
    private static Image.Writer? _writer;

    public static ulong Send(Publisher<Image> publisher, int dataLength)
    {
        if (!Layouts.TryGetValue(dataLength, out var layout))
            Layouts[dataLength] = layout = new RecordBatchSizes(Image.Schema, 1).DeclareValueBytes("data", dataLength).Plan();
        using var loan = publisher.Loan(layout);
        // One writer re-targeted to every loan: a new one would build its 19 column builders per message.
        var writer = _writer ??= new Image.Writer(loan.Layout, loan.Body);
        writer.Reset(loan.Layout, loan.Body);
        writer.Width.Append((uint)dataLength);
        writer.Height.Append(1);
        writer.Step.Append((uint)dataLength);
        writer.Encoding.Append((byte)Encoding.Mono8);
        writer.Stamp.Append(0);
        writer.FrameId.Append("");
        writer.Labels.Append(0);
        writer.Pose.AppendNull();
        var data = writer.Data.AppendInPlace(dataLength);
        BinaryPrimitives.WriteInt64LittleEndian(data, Stopwatch.GetTimestamp());
        return publisher.Send(loan, writer.Finish());
    }

    public static long SentAt(Image image) => BinaryPrimitives.ReadInt64LittleEndian(image.Data);
}
