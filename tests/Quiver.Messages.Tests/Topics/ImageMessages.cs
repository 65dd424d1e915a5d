using Vision;

namespace Quiver.Messages.Tests.Topics;

/// <summary>Image messages for the topic tests, written in place through a loan.</summary>
internal static class ImageMessages
{
    public static Image.Value Value(int dataLength, byte seed) => new()
    {
        Width = (uint)dataLength,
        Height = 1,
        Step = (uint)dataLength,
        Encoding = Encoding.Mono8,
        Stamp = 1_700_000_000_000_000_000 + seed,
        FrameId = $"camera/{seed}",
        Data = Enumerable.Range(0, dataLength).Select(i => (byte)(i * 7 + seed)).ToArray(),
        Labels = ["a", $"label {seed}"],
    };

    /// <summary>Loans, writes an image of <paramref name="dataLength"/> bytes of <paramref name="fill"/> in place, sends; returns the loan's slot and sequence.</summary>
    public static (Quiver.SharedMemory.SampleSlot Slot, ulong Sequence) SendInPlace(Publisher<Image> publisher, int dataLength, byte fill)
    {
        using var loan = publisher.Loan(sizes => sizes.DeclareValueBytes("frame_id", "in-place".Length).DeclareValueBytes("data", dataLength));
        var writer = new Image.Writer(loan.Layout, loan.Body);
        writer.Width.Append((uint)dataLength);
        writer.Height.Append(1);
        writer.Step.Append((uint)dataLength);
        writer.Encoding.Append((byte)Encoding.Mono8);
        writer.Stamp.Append(DateTimeOffset.UnixEpoch.AddSeconds(fill));
        writer.FrameId.Append("in-place");
        writer.Data.AppendInPlace(dataLength).Fill(fill);
        writer.Labels.Append(0);
        writer.Pose.AppendNull();
        var slot = loan.Sample.Slot;
        return (slot, publisher.Send(loan, writer.Finish()));
    }
}
