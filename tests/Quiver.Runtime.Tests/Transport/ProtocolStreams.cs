using Quiver.Transport;

namespace Quiver.Runtime.Tests.Transport;

/// <summary>Valid frame streams of each direction, and the full decoding pipeline a peer runs on them.</summary>
internal static class ProtocolStreams
{
    public static readonly byte[] Schema = Enumerable.Range(0, 300).Select(i => (byte)(i * 7)).ToArray();

    public static byte[] FromPublisher()
    {
        var stream = new MemoryStream();
        stream.Write(new Hello(PeerRole.Publisher, "camera/front", "vision.Image", 0x1122334455667788, Schema, 64).ToFrame());
        Write(stream, SegmentAnnouncement.FrameSize, f => new SegmentAnnouncement(0, 4096).Write(f));
        Write(stream, SegmentAnnouncement.FrameSize, f => new SegmentAnnouncement(1, 8192).Write(f));
        Write(stream, SampleFrame.FrameSize, f => new SampleFrame(1, 0, 0, 100, 1000).Write(f));
        Write(stream, SampleFrame.FrameSize, f => new SampleFrame(2, 1, 64, 8000, 2000).Write(f));
        Write(stream, SampleFrame.FrameSize, f => new SampleFrame(5, 0, 4032, 64, 3000).Write(f));
        Write(stream, FrameHeader.Size, f => new FrameHeader(FrameType.Goodbye, 0).Write(f));
        return stream.ToArray();
    }

    public static byte[] FromSubscriber()
    {
        var stream = new MemoryStream();
        stream.Write(new Hello(PeerRole.Subscriber, "camera/front", "vision.Image", 0x1122334455667788, Schema).ToFrame());
        Write(stream, DropTokenFrame.FrameSize(3), f => DropTokenFrame.Write(f, [1, 2, 3]));
        Write(stream, DropTokenFrame.FrameSize(1), f => DropTokenFrame.Write(f, [7]));
        Write(stream, FrameHeader.Size, f => new FrameHeader(FrameType.Goodbye, 0).Write(f));
        return stream.ToArray();
    }

    /// <summary>Decodes what a publisher sent, delivered in chunks of random size, as a subscriber does.</summary>
    public static List<PublisherEvent> DecodeFromPublisher(byte[] bytes, Random chunking)
    {
        var buffer = new FrameBuffer();
        var decoder = new PublisherStreamDecoder();
        var events = new List<PublisherEvent>();
        Feed(bytes, buffer, chunking, () =>
        {
            while (buffer.TryTake(PeerRole.Publisher, out var header, out var body))
                events.Add(decoder.Decode(header, body));
        });
        return events;
    }

    /// <summary>Decodes what a subscriber sent, as a publisher does, checking drops against what it holds.</summary>
    public static List<ulong> DecodeFromSubscriber(byte[] bytes, Random chunking, params ulong[] sent)
    {
        var buffer = new FrameBuffer();
        var decoder = new SubscriberStreamDecoder();
        var inFlight = new InFlightSamples();
        foreach (var sequence in sent)
            inFlight.Add(sequence);
        var dropped = new List<ulong>();
        var drops = new List<ulong>();
        Feed(bytes, buffer, chunking, () =>
        {
            while (buffer.TryTake(PeerRole.Subscriber, out var header, out var body))
            {
                drops.Clear();
                decoder.Decode(header, body, drops, out _);
                foreach (var sequence in drops)
                {
                    inFlight.Drop(sequence);
                    dropped.Add(sequence);
                }
            }
        });
        return dropped;
    }

    private static void Feed(byte[] bytes, FrameBuffer buffer, Random chunking, Action drain)
    {
        int at = 0;
        while (at < bytes.Length)
        {
            var space = buffer.GetReceiveSpan();
            int count = Math.Min(Math.Min(space.Length, bytes.Length - at), chunking.Next(1, 3000));
            bytes.AsSpan(at, count).CopyTo(space);
            buffer.Advance(count);
            at += count;
            drain();
        }
    }

    private static void Write(Stream stream, int size, Action<byte[]> write)
    {
        var frame = new byte[size];
        write(frame);
        stream.Write(frame);
    }
}
