namespace Quiver.Transport;

/// <summary>The type tag of a frame (docs/protocol.md, "Frames").</summary>
internal enum FrameType : ushort
{
    Hello = 1,
    Refusal = 2,
    SegmentAnnouncement = 3,
    Sample = 4,
    DropTokens = 5,
    Goodbye = 6,
    ChannelAnnouncement = 7,
}

/// <summary>Which end of a topic connection a peer is.</summary>
internal enum PeerRole : byte
{
    Publisher = 1,
    Subscriber = 2,
}
