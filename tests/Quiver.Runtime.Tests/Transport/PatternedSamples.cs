using Quiver.Transport;
using Quiver.Transport.TestPeer;

namespace Quiver.Runtime.Tests.Transport;

/// <summary>What the transport tests send and forge: samples a peer can check, and raw frames.</summary>
internal static class PatternedSamples
{
    /// <summary>Sends a sample of <paramref name="length"/> bytes filled with <see cref="SamplePattern"/> for its sequence; returns the sequence.</summary>
    public static ulong Send(Publisher publisher, int length)
    {
        var loan = publisher.Loan(length);
        ulong next = (ulong)publisher.GetStats().Sent + 1;
        SamplePattern.Fill(loan.Span, next);
        Assert.Equal(next, publisher.Send(loan));
        return next;
    }

    /// <summary>A frame of <paramref name="size"/> bytes that <paramref name="write"/> fills, for peers that lie.</summary>
    public static byte[] Frame(int size, Action<byte[]> write)
    {
        var frame = new byte[size];
        write(frame);
        return frame;
    }
}
