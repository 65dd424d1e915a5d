using Quiver.SharedMemory;
using Quiver.Transport;
using Quiver.Transport.TestPeer;

namespace Quiver.Runtime.Tests.Transport;

/// <summary>The notification ring between processes, next to the socket path on the same publisher.</summary>
[Collection(TransportCollection.Name)]
public sealed class RingCrossProcessTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private readonly TransportFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public void A_ring_subscriber_process_and_a_socket_subscriber_process_both_get_every_sample()
    {
        using var publisher = Publisher.Create(_fixture.Topic, TransportFixture.Contract, new PublisherOptions
        {
            Log = _fixture.Log,
            Notification = NotificationPath.SharedMemoryRing,
            Pool = new SampleAllocatorOptions { SegmentSize = 1 << 16, MaxSegments = 4 },
        });
        using var ring = PeerProcess.Subscriber(_fixture, autoRelease: true, NotificationPath.SharedMemoryRing);
        using var socket = PeerProcess.Subscriber(_fixture, autoRelease: true, NotificationPath.Socket);
        Assert.True(publisher.WaitForSubscribers(2, Wait));
        var paths = publisher.GetStats().SubscriberDetails.ToDictionary(s => s.ProcessId, s => s.Notification);
        Assert.Equal((NotificationPath.SharedMemoryRing, NotificationPath.Socket), (paths[ring.ProcessId], paths[socket.ProcessId]));

        for (int i = 0; i < 100; i++)
        {
            // Sizes that cross segments, so ring entries name segments announced just before them.
            int length = 1000 + 397 * i;
            ulong sequence = PatternedSamples.Send(publisher, length);
            Assert.Equal(sequence, ring.ExpectSample(length));
            Assert.Equal(sequence, socket.ExpectSample(length));
            Assert.True(publisher.WaitForInFlight(0, Wait));
        }
        Assert.All(publisher.GetStats().SubscriberDetails, s => Assert.Equal((100L, 0L), (s.Received, s.Skipped)));
    }

    [Fact]
    public void Async_readers_waiting_on_their_rings_leave_the_thread_pool_free()
    {
        var publisher = Publisher.Create(_fixture.Topic, TransportFixture.Contract, new PublisherOptions
        {
            Log = _fixture.Log,
            Notification = NotificationPath.SharedMemoryRing,
        });
        try
        {
            using var peer = PeerProcess.AsyncReaders(_fixture);
            int readers = int.Parse(peer.Expect("READERS ").Split(' ')[1]);
            Assert.True(publisher.WaitForSubscribers(readers, Wait));
            peer.Expect("WAITING");
            peer.Expect("POOL FREE");

            ulong sequence = PatternedSamples.Send(publisher, 100);
            var got = Enumerable.Range(0, readers).Select(_ => peer.Expect("SAMPLE ").Split(' ')).ToList();
            Assert.Equal(Enumerable.Range(0, readers), got.Select(line => int.Parse(line[1])).Order());
            Assert.All(got, line => Assert.Equal(sequence.ToString(), line[2]));
            Assert.True(publisher.WaitForInFlight(0, Wait));

            publisher.Dispose();
            Assert.Equal(Enumerable.Range(0, readers), Enumerable.Range(0, readers).Select(_ => int.Parse(peer.Expect("END ").Split(' ')[1])).Order());
            Assert.Equal(0, peer.Finish());
        }
        finally
        {
            publisher.Dispose();
        }
    }

    [Fact]
    public void A_killed_ring_subscriber_process_gives_back_everything_it_held()
    {
        using var publisher = Publisher.Create(_fixture.Topic, TransportFixture.Contract, new PublisherOptions
        {
            Log = _fixture.Log,
            Notification = NotificationPath.SharedMemoryRing,
        });
        using var victim = PeerProcess.Subscriber(_fixture, autoRelease: false, NotificationPath.SharedMemoryRing);
        Assert.True(publisher.WaitForSubscribers(1, Wait));
        for (int i = 0; i < 3; i++)
            Assert.Equal(PatternedSamples.Send(publisher, 700), victim.ExpectSample(700));
        Assert.Equal(3, publisher.GetStats().InFlight);
        victim.Kill();
        Assert.True(publisher.WaitFor(s => s.InFlight == 0 && s.Subscribers == 0, Wait));
        Assert.Equal(0, publisher.GetStats().AllocatedBytes);
    }
}
