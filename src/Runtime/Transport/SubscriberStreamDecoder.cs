namespace Quiver.Transport;

/// <summary>
/// The publisher's view of one subscriber's frame stream: a hello first, then drop-token batches,
/// then at most one goodbye. Whether each dropped sequence was really sent to this subscriber is
/// checked by its <see cref="InFlightSamples"/>.
/// </summary>
internal sealed class SubscriberStreamDecoder
{
    private bool _greeted;
    private bool _ended;

    /// <summary>Decodes one frame; a hello is returned, drop tokens are appended to <paramref name="drops"/>.</summary>
    public FrameType Decode(FrameHeader header, ReadOnlySpan<byte> body, List<ulong> drops, out Hello? hello)
    {
        hello = null;
        if (_ended)
            throw new ProtocolException($"{header.Type} frame after the subscriber's goodbye.");
        if (!_greeted && header.Type != FrameType.Hello)
            throw new ProtocolException($"{header.Type} frame before the subscriber's hello.");
        switch (header.Type)
        {
            case FrameType.Hello:
                if (_greeted)
                    throw new ProtocolException("A second hello from the subscriber.");
                hello = Hello.Parse(body);
                if (hello.Role != PeerRole.Subscriber)
                    throw new ProtocolException("A peer connected to the topic socket says it is not a subscriber.");
                _greeted = true;
                break;
            case FrameType.DropTokens:
                DropTokenFrame.Parse(body, drops);
                break;
            case FrameType.Goodbye:
                _ended = true;
                break;
            default:
                throw new ProtocolException($"{header.Type} frame from a subscriber.");
        }
        return header.Type;
    }
}
