using Quiver.Arrow.Builders;
using Vision;

namespace Quiver.Examples.CameraPublisher;

/// <summary>
/// Writes synthetic frames in place into loaned samples and sends them, with one
/// <see cref="Image.Writer"/> re-targeted to each loan: a send allocates nothing but the
/// transport's loaned sample.
/// </summary>
internal sealed class SyntheticFrame
{
    private Image.Writer? _writer;

    private const string FrameId = "camera/front";

    /// <summary>Every frame has the same sizes, so the layout is planned once.</summary>
    public static RecordBatchLayout Plan(int width, int height) =>
        new RecordBatchSizes(Image.Schema, rowCount: 1).DeclareValueBytes("frame_id", FrameId.Length).DeclareValueBytes("data", width * 3 * height).Plan();

    /// <summary>
    /// Row <c>y</c> of frame <c>n</c> is filled with the byte <c>(y + n) mod 256</c>: a moving
    /// gradient a viewer can check without knowing anything else.
    /// </summary>
    public ulong Send(Publisher<Image> publisher, RecordBatchLayout layout, int width, int height, long frame)
    {
        int step = width * 3;
        using var loan = publisher.Loan(layout);
        var writer = _writer ??= new Image.Writer(loan.Layout, loan.Body);
        writer.Reset(loan.Layout, loan.Body);
        var pixels = writer.Data.AppendInPlace(step * height);
        for (var y = 0; y < height; y++)
            pixels.Slice(y * step, step).Fill((byte)(y + frame));
        writer.Width.Append((uint)width);
        writer.Height.Append((uint)height);
        writer.Step.Append((uint)step);
        writer.Encoding.Append((byte)Encoding.Rgb8);
        writer.FrameId.Append(FrameId);
        writer.Labels.Append(0);
        writer.Pose.AppendNull();
        // Stamped last, just before sending, so the viewer's latency is the transport's.
        writer.Stamp.Append(DateTimeOffset.UtcNow);
        return publisher.Send(loan, writer.Finish());
    }
}
