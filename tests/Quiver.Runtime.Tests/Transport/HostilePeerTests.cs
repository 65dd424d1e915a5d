using System.Buffers.Binary;
using System.Net.Sockets;
using Quiver.Runtime.Tests.SharedMemory;
using Quiver.SharedMemory;
using Quiver.Transport;
using Quiver.Transport.TestPeer;

namespace Quiver.Runtime.Tests.Transport;

/// <summary>
/// Peers that break the protocol are disconnected with a logged reason, and the other side keeps
/// working: the publisher keeps serving a well-behaved subscriber process, and a subscriber facing
/// a hostile publisher ends its stream with a <see cref="ProtocolException"/> instead of reading
/// outside a segment.
/// </summary>
[Collection(TransportCollection.Name)]
public sealed class HostilePeerTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private readonly TransportFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    public static TheoryData<string, string> HostileSubscribers => new()
    {
        { "garbage", "is not one a subscriber sends" },
        { "huge-hello", "Hello frame with a body of 4294967295 bytes" },
        { "drop-before-hello", "before the subscriber's hello" },
        { "drop-never-sent", "Drop token for sample 999" },
        { "drop-twice", "which this subscriber does not hold" },
        { "bad-magic", "does not start with the Quiver magic" },
        { "silent", "no hello within" },
        { "dripping-hello", "no hello within" },
    };

    [Theory]
    [MemberData(nameof(HostileSubscribers))]
    public void A_hostile_subscriber_is_disconnected_and_the_others_are_still_served(string attack, string reason)
    {
        using var publisher = Publisher.Create(_fixture.Topic, TransportFixture.Contract, new PublisherOptions
        {
            Log = _fixture.Log,
            HandshakeTimeout = TimeSpan.FromMilliseconds(300),
            Pool = new SampleAllocatorOptions { SegmentSize = 1 << 16, MaxSegments = 1 },
        });
        using var good = PeerProcess.Subscriber(_fixture, autoRelease: true);
        Assert.True(publisher.WaitForSubscribers(1, Wait));

        using (var hostile = RawPeer.ConnectTo(_fixture.Topic))
        {
            var hello = RawPeer.SubscriberHello(_fixture.Topic, TransportFixture.Contract.Fingerprint);
            switch (attack)
            {
                case "garbage":
                    hostile.Send([0x10, 0, 0, 0, 0x44, 0x33, 0, 0, 1, 2, 3]);
                    break;
                case "huge-hello":
                    hostile.Send([0xFF, 0xFF, 0xFF, 0xFF, 1, 0, 0, 0]);
                    break;
                case "drop-before-hello":
                    hostile.Send(PatternedSamples.Frame(DropTokenFrame.FrameSize(1), f => DropTokenFrame.Write(f, [1])));
                    break;
                case "drop-never-sent":
                    hostile.Send(hello);
                    hostile.NextOf(PeerRole.Publisher, FrameType.Hello);
                    hostile.Send(PatternedSamples.Frame(DropTokenFrame.FrameSize(1), f => DropTokenFrame.Write(f, [999])));
                    break;
                case "drop-twice":
                    hostile.Send(hello);
                    hostile.NextOf(PeerRole.Publisher, FrameType.Hello);
                    Assert.True(publisher.WaitForSubscribers(2, Wait));
                    ulong sequence = PatternedSamples.Send(publisher, 32);
                    good.ExpectSample(32);
                    var sample = SampleFrame.Parse(hostile.NextOf(PeerRole.Publisher, FrameType.Sample));
                    Assert.Equal(sequence, sample.Sequence);
                    hostile.Send(PatternedSamples.Frame(DropTokenFrame.FrameSize(2), f => DropTokenFrame.Write(f, [sequence, sequence])));
                    break;
                case "bad-magic":
                    hello[FrameHeader.Size] ^= 0xFF;
                    hostile.Send(hello);
                    break;
                case "silent":
                    break;
                case "dripping-hello":
                    // One byte every 50 ms: each well within the timeout, the whole hello never.
                    // Pacing the attack, not synchronising: the publisher must cut us off mid-hello.
                    // The header promises 4 KiB more body than is ever sent, so the drip can last
                    // as long as a loaded machine needs to cut it off and still never completes.
                    var dripped = hello.Concat(new byte[4096]).ToArray();
                    BinaryPrimitives.WriteUInt32LittleEndian(dripped, (uint)(dripped.Length - FrameHeader.Size));
                    var dripping = System.Diagnostics.Stopwatch.StartNew();
                    bool cut = false;
                    for (int i = 0; !cut && dripping.Elapsed < Wait; i++)
                    {
                        try
                        {
                            hostile.Send(dripped[i..(i + 1)]);
                        }
                        catch (SocketException)
                        {
                            cut = true;
                        }
                        Thread.Sleep(50);
                    }
                    Assert.True(cut, "the publisher let a dripping hello run past its handshake timeout");
                    break;
            }
            string logged = _fixture.WaitForLog(reason, Wait);
            Assert.Contains($"'{_fixture.Topic}'", logged);
            Assert.True(hostile.WasClosed(PeerRole.Publisher));
        }

        Assert.True(publisher.WaitFor(s => s.Subscribers == 1, Wait));
        Assert.Equal(PatternedSamples.Send(publisher, 100), good.ExpectSample(100));
        Assert.True(publisher.WaitForInFlight(0, Wait));
    }

    [Fact]
    public void A_subscriber_with_the_wrong_fingerprint_gets_a_refusal_naming_both_types()
    {
        using var publisher = Publisher.Create(_fixture.Topic, TransportFixture.Contract, new PublisherOptions { Log = _fixture.Log });
        using var hostile = RawPeer.ConnectTo(_fixture.Topic);
        hostile.Send(RawPeer.SubscriberHello(_fixture.Topic, 7));
        string refusal = Refusal.Parse(hostile.NextOf(PeerRole.Publisher, FrameType.Refusal));
        Assert.Contains("carries 'test.Bytes' (fingerprint abcdef0123456789)", refusal);
        Assert.Contains("expects 'test.Bytes' (fingerprint 0000000000000007)", refusal);
        Assert.True(hostile.WasClosed(PeerRole.Publisher));
        Assert.Equal(0, publisher.SubscriberCount);
    }

    public static TheoryData<string, string> HostilePublishers => new()
    {
        { "unknown-segment", "names segment 5, which was never announced" },
        { "out-of-bounds", "lies outside segment 0 of 4096 bytes" },
        { "wrapping-length", "lies outside segment 0 of 4096 bytes" },
        { "no-descriptor", "announced without a descriptor" },
        { "unsealed", "not sealed against shrinking" },
        { "size-lie", "the file holds 4096 bytes but 1048576 were announced" },
        { "sequence-replay", "does not follow" },
        { "garbage", "flags" },
        { "flood", "exceeds the publisher's queue depth of 4" },
    };

    [Theory]
    [MemberData(nameof(HostilePublishers))]
    public async Task A_hostile_publisher_ends_the_stream_with_a_protocol_error_after_the_valid_samples(string attack, string reason)
    {
        string path = RuntimeDirectory.SocketPath(_fixture.Topic);
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen(1);
        var segment = SharedMemorySegment.Create(0, 4096, "hostile");
        try
        {
            SamplePattern.Fill(segment.GetWritableMemory(64, 100).Span, 1);
            var fake = Task.Run(() =>
            {
                using var peer = new RawPeer(listener.Accept());
                peer.NextOf(PeerRole.Subscriber, FrameType.Hello);
                peer.Send(RawPeer.PublisherHello(_fixture.Topic));
                DescriptorSocket.SendWithDescriptor(peer.Socket, PatternedSamples.Frame(SegmentAnnouncement.FrameSize, f => new SegmentAnnouncement(0, 4096).Write(f)), segment.FileDescriptor, Wait);
                peer.Send(PatternedSamples.Frame(SampleFrame.FrameSize, f => new SampleFrame(1, 0, 64, 100, 0).Write(f)));
                Attack(peer, attack, segment);
                // Wait for the subscriber to hang up on us.
                Assert.True(peer.WasClosed(PeerRole.Subscriber));
            });

            // The fake publisher answers from a pool thread, which a loaded machine may start late.
            using var subscriber = Subscriber.Connect(_fixture.Topic, TransportFixture.Contract, new SubscriberOptions { Log = _fixture.Log, ConnectTimeout = Wait });
            // Held to the end, so no release makes room for a flood.
            using var valid = subscriber.Receive(Wait)!;
            Assert.True(SamplePattern.Matches(valid.Span, 1));
            var (error, delivered) = ProtocolErrorStream.ReceiveUntilError(subscriber, Wait);
            Assert.Contains(reason, error.Message);
            // Only the flood's samples within the promised depth are valid and delivered before the error.
            Assert.Equal(attack == "flood" ? 3 : 0, delivered);
            Assert.Contains(reason, _fixture.WaitForLog("disconnecting from publisher", Wait));
            await fake.WaitAsync(Wait);
        }
        finally
        {
            segment.Release();
            // A raw listener does not remove its socket file; a Publisher would.
            File.Delete(path);
        }
    }

    private static void Attack(RawPeer peer, string attack, SharedMemorySegment segment)
    {
        switch (attack)
        {
            case "unknown-segment":
                peer.Send(PatternedSamples.Frame(SampleFrame.FrameSize, f => new SampleFrame(2, 5, 0, 1, 0).Write(f)));
                break;
            case "out-of-bounds":
                peer.Send(PatternedSamples.Frame(SampleFrame.FrameSize, f => new SampleFrame(2, 0, 4000, 200, 0).Write(f)));
                break;
            case "wrapping-length":
                peer.Send(PatternedSamples.Frame(SampleFrame.FrameSize, f => new SampleFrame(2, 0, 64, ulong.MaxValue - 32, 0).Write(f)));
                break;
            case "no-descriptor":
                peer.Send(PatternedSamples.Frame(SegmentAnnouncement.FrameSize, f => new SegmentAnnouncement(1, 4096).Write(f)));
                break;
            case "unsealed":
                int unsealed = RawDescriptorCalls.MemfdCreate("unsealed", 1);
                Assert.Equal(0, RawDescriptorCalls.Ftruncate(unsealed, 4096));
                DescriptorSocket.SendWithDescriptor(peer.Socket, PatternedSamples.Frame(SegmentAnnouncement.FrameSize, f => new SegmentAnnouncement(1, 4096).Write(f)), unsealed, Wait);
                LibcMemory.Close(unsealed);
                break;
            case "size-lie":
                DescriptorSocket.SendWithDescriptor(peer.Socket, PatternedSamples.Frame(SegmentAnnouncement.FrameSize, f => new SegmentAnnouncement(1, 1 << 20).Write(f)), segment.FileDescriptor, Wait);
                break;
            case "sequence-replay":
                peer.Send(PatternedSamples.Frame(SampleFrame.FrameSize, f => new SampleFrame(1, 0, 64, 100, 0).Write(f)));
                break;
            case "garbage":
                peer.Send([0, 0, 0, 0, 6, 0, 9, 9]);
                break;
            case "flood":
                // Nobody releases: sample 1 is held by the test, 2..4 fill the promised depth, 5 is one too many.
                for (ulong sequence = 2; sequence <= 5; sequence++)
                    peer.Send(PatternedSamples.Frame(SampleFrame.FrameSize, f => new SampleFrame(sequence, 0, 64, 100, 0).Write(f)));
                break;
        }
    }

}
