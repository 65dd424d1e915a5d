using Quiver.Transport;

namespace Quiver.Runtime.Tests.Transport;

public class FrameCodecTests
{
    [Fact]
    public void A_publisher_stream_decodes_to_what_was_written()
    {
        var events = ProtocolStreams.DecodeFromPublisher(ProtocolStreams.FromPublisher(), new Random(1));
        Assert.Equal(
            [FrameType.Hello, FrameType.SegmentAnnouncement, FrameType.SegmentAnnouncement, FrameType.Sample, FrameType.Sample, FrameType.Sample, FrameType.Goodbye],
            events.Select(e => e.Kind));
        var hello = events[0].Hello!;
        Assert.Equal((PeerRole.Publisher, "camera/front", "vision.Image", 0x1122334455667788UL, 64u), (hello.Role, hello.Topic, hello.MessageType, hello.Fingerprint, hello.QueueDepth));
        Assert.Equal(ProtocolStreams.Schema, hello.Schema.ToArray());
        Assert.Equal(new SegmentAnnouncement(1, 8192), events[2].Announcement);
        Assert.Equal(new SampleFrame(2, 1, 64, 8000, 2000), events[4].Sample);
    }

    [Fact]
    public void A_subscriber_stream_decodes_to_its_drop_tokens()
    {
        var dropped = ProtocolStreams.DecodeFromSubscriber(ProtocolStreams.FromSubscriber(), new Random(1), 1, 2, 3, 7);
        Assert.Equal([1UL, 2, 3, 7], dropped);
    }

    [Fact]
    public void The_sample_frame_layout_is_the_documented_one()
    {
        var frame = new byte[SampleFrame.FrameSize];
        new SampleFrame(0x0102030405060708, 9, 0x40, 0x11, -2).Write(frame);
        Assert.Equal(
            "28000000" + "0400" + "0000" + "0807060504030201" + "09000000" + "00000000" + "4000000000000000" + "1100000000000000" + "FEFFFFFFFFFFFFFF",
            Convert.ToHexString(frame));
    }

    [Fact]
    public void A_drop_token_for_a_sample_never_sent_is_refused()
    {
        var error = Assert.Throws<ProtocolException>(() => ProtocolStreams.DecodeFromSubscriber(ProtocolStreams.FromSubscriber(), new Random(1), 1, 2, 3));
        Assert.Contains("sample 7", error.Message);
    }

    [Fact]
    public void A_sample_outside_its_segment_is_refused()
    {
        var decoder = Greeted();
        decoder.Decode(new FrameHeader(FrameType.SegmentAnnouncement, 16), Body(f => new SegmentAnnouncement(0, 4096).Write(f), SegmentAnnouncement.FrameSize));
        var outside = Assert.Throws<ProtocolException>(() => decoder.Decode(new FrameHeader(FrameType.Sample, 40), Body(f => new SampleFrame(1, 0, 4000, 97, 0).Write(f), SampleFrame.FrameSize)));
        Assert.Contains("outside segment 0", outside.Message);
        var wrapping = Assert.Throws<ProtocolException>(() => decoder.Decode(new FrameHeader(FrameType.Sample, 40), Body(f => new SampleFrame(1, 0, 64, ulong.MaxValue - 10, 0).Write(f), SampleFrame.FrameSize)));
        Assert.Contains("outside segment 0", wrapping.Message);
        var unknown = Assert.Throws<ProtocolException>(() => decoder.Decode(new FrameHeader(FrameType.Sample, 40), Body(f => new SampleFrame(1, 1, 0, 1, 0).Write(f), SampleFrame.FrameSize)));
        Assert.Contains("never announced", unknown.Message);
    }

    [Theory]
    [InlineData(new byte[] { 0, 0, 0, 0, 9, 0, 0, 0 }, "type 9")]
    [InlineData(new byte[] { 0, 0, 0, 0, 5, 0, 0, 0 }, "type 5 is not one a publisher sends")]
    [InlineData(new byte[] { 41, 0, 0, 0, 4, 0, 0, 0 }, "Sample frame with a body of 41 bytes")]
    [InlineData(new byte[] { 0, 0, 0, 0, 6, 0, 1, 0 }, "flags")]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 1, 0, 0, 0 }, "Hello frame with a body of 4294967295 bytes")]
    public void Bad_headers_are_refused_before_the_body_is_read(byte[] header, string expected)
    {
        var error = Assert.Throws<ProtocolException>(() => FrameHeader.Parse(header, PeerRole.Publisher));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void A_fingerprint_mismatch_names_both_message_types()
    {
        var publisher = new Hello(PeerRole.Publisher, "t", "vision.Image", 1, Array.Empty<byte>(), 8);
        var subscriber = new Hello(PeerRole.Subscriber, "t", "vision.Depth", 2, Array.Empty<byte>());
        string reason = publisher.RefusalFor(subscriber)!;
        Assert.Equal("Topic 't' carries 'vision.Image' (fingerprint 0000000000000001) but the subscriber expects 'vision.Depth' (fingerprint 0000000000000002).", reason);
        Assert.Equal(reason, subscriber.RefusalFor(publisher));
        Assert.Null(publisher.RefusalFor(subscriber with { Fingerprint = 1 }));
    }

    [Fact]
    public void Queue_depth_in_a_hello_must_fit_the_role()
    {
        var subscriberWithDepth = new Hello(PeerRole.Subscriber, "t", "m", 1, Array.Empty<byte>(), 3).ToFrame();
        Assert.Contains("queue depth 3", Assert.Throws<ProtocolException>(() => Hello.Parse(subscriberWithDepth.AsSpan(FrameHeader.Size))).Message);
        var publisherWithout = new Hello(PeerRole.Publisher, "t", "m", 1, Array.Empty<byte>()).ToFrame();
        Assert.Contains("queue depth 0", Assert.Throws<ProtocolException>(() => Hello.Parse(publisherWithout.AsSpan(FrameHeader.Size))).Message);
    }

    [Fact]
    public void A_refusal_round_trips()
    {
        var frame = Refusal.ToFrame("no thanks");
        var header = FrameHeader.Parse(frame, PeerRole.Publisher);
        Assert.Equal("no thanks", Refusal.Parse(frame.AsSpan(FrameHeader.Size, header.BodyLength)));
    }

    private static PublisherStreamDecoder Greeted()
    {
        var decoder = new PublisherStreamDecoder();
        var hello = new Hello(PeerRole.Publisher, "t", "m", 1, Array.Empty<byte>(), 8).ToFrame();
        decoder.Decode(FrameHeader.Parse(hello, PeerRole.Publisher), hello.AsSpan(FrameHeader.Size));
        return decoder;
    }

    private static byte[] Body(Action<byte[]> write, int frameSize)
    {
        var frame = new byte[frameSize];
        write(frame);
        return frame[FrameHeader.Size..];
    }
}
