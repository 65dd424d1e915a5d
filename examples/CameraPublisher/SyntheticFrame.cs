using Quiver;
using Vision;

namespace Quiver.Examples.CameraPublisher;

/// <summary>Writes one synthetic frame in place into a loaned sample and sends it.</summary>
internal static class SyntheticFrame
{
    private const string FrameId = "camera/front";

    /// <summary>
    /// Row <c>y</c> of frame <c>n</c> is filled with the byte <c>(y + n) mod 256</c>: a moving
    /// gradient a viewer can check without knowing anything else.
    /// </summary>
    public static ulong Send(Publisher<Image> publisher, int width, int height, long frame)
    {
        int step = width * 3;
        using var loan = publisher.Loan(sizes => sizes.DeclareValueBytes("frame_id", FrameId.Length).DeclareValueBytes("data", step * height));
        var writer = new Image.Writer(loan.Layout, loan.Body);
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
