namespace Quiver.Transport;

/// <summary>What a publisher's frame meant, once validated.</summary>
internal readonly record struct PublisherEvent(
    FrameType Kind, Hello? Hello = null, string? Refusal = null, SegmentAnnouncement Announcement = default,
    SampleFrame Sample = default, ChannelAnnouncement Channel = default);

/// <summary>
/// The subscriber's view of the publisher's frame stream: a hello (or a refusal) first, then
/// segment announcements with consecutive ids, samples with increasing sequences that lie inside
/// an announced segment, and at most one goodbye. A hello that accepts the notification ring is
/// followed at once by the channel announcement, and samples then come through the ring, never as
/// frames. Anything else is a <see cref="ProtocolException"/>.
/// </summary>
internal sealed class PublisherStreamDecoder
{
    public const int MaxSegments = 4096;

    private readonly List<long> _segmentLengths = new();
    private bool _greeted;
    private bool _ring;
    private bool _channelPending;
    private bool _ended;
    private ulong _lastSequence;

    public PublisherEvent Decode(FrameHeader header, ReadOnlySpan<byte> body)
    {
        if (_ended)
            throw new ProtocolException($"{header.Type} frame after the stream ended.");
        if (!_greeted && header.Type is not (FrameType.Hello or FrameType.Refusal))
            throw new ProtocolException($"{header.Type} frame before the publisher's hello.");
        if (_channelPending != (header.Type == FrameType.ChannelAnnouncement))
            throw new ProtocolException(_channelPending
                ? $"{header.Type} frame where the channel announcement the publisher's hello promised belongs."
                : "A channel announcement the publisher's hello did not promise.");
        switch (header.Type)
        {
            case FrameType.Hello:
                if (_greeted)
                    throw new ProtocolException("A second hello from the publisher.");
                var hello = Hello.Parse(body);
                if (hello.Role != PeerRole.Publisher)
                    throw new ProtocolException("The peer behind the topic socket says it is not a publisher.");
                _greeted = true;
                _ring = _channelPending = hello.Capabilities.HasFlag(HelloCapabilities.NotificationRing);
                return new PublisherEvent(FrameType.Hello, Hello: hello);
            case FrameType.ChannelAnnouncement:
                _channelPending = false;
                return new PublisherEvent(FrameType.ChannelAnnouncement, Channel: ChannelAnnouncement.Parse(body));
            case FrameType.Refusal:
                if (_greeted)
                    throw new ProtocolException("A refusal after the handshake succeeded.");
                _ended = true;
                return new PublisherEvent(FrameType.Refusal, Refusal: Refusal.Parse(body));
            case FrameType.SegmentAnnouncement:
                return new PublisherEvent(FrameType.SegmentAnnouncement, Announcement: Announce(SegmentAnnouncement.Parse(body)));
            case FrameType.Sample:
                if (_ring)
                    throw new ProtocolException("A sample frame on the socket although samples come through the notification ring.");
                return new PublisherEvent(FrameType.Sample, Sample: Check(SampleFrame.Parse(body)));
            case FrameType.Goodbye:
                _ended = true;
                return new PublisherEvent(FrameType.Goodbye);
            default:
                throw new ProtocolException($"{header.Type} frame from a publisher.");
        }
    }

    private SegmentAnnouncement Announce(SegmentAnnouncement announcement)
    {
        if (announcement.Segment != (uint)_segmentLengths.Count)
            throw new ProtocolException($"Segment {announcement.Segment} announced; the next segment id is {_segmentLengths.Count}.");
        if (_segmentLengths.Count >= MaxSegments)
            throw new ProtocolException($"More than {MaxSegments} segments announced.");
        if (announcement.Length == 0 || announcement.Length > (ulong)SharedMemory.SharedMemorySegment.MaxLength)
            throw new ProtocolException($"Segment {announcement.Segment} announced with {announcement.Length} bytes; 1 to {SharedMemory.SharedMemorySegment.MaxLength} are allowed.");
        _segmentLengths.Add((long)announcement.Length);
        return announcement;
    }

    private SampleFrame Check(SampleFrame sample)
    {
        if (sample.Sequence <= _lastSequence)
            throw new ProtocolException($"Sample sequence {sample.Sequence} does not follow {_lastSequence}.");
        if (sample.Segment >= (uint)_segmentLengths.Count)
            throw new ProtocolException($"Sample {sample.Sequence} names segment {sample.Segment}, which was never announced.");
        long segmentLength = _segmentLengths[(int)sample.Segment];
        if (sample.Offset > (ulong)segmentLength || sample.Length > (ulong)segmentLength - sample.Offset)
            throw new ProtocolException($"Sample {sample.Sequence} at [{sample.Offset}, +{sample.Length}) lies outside segment {sample.Segment} of {segmentLength} bytes.");
        _lastSequence = sample.Sequence;
        return sample;
    }
}
