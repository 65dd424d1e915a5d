using Quiver.SharedMemory;
using Quiver.Transport;
using Quiver.Transport.TestPeer;

namespace Quiver.Runtime.Tests.Transport;

/// <summary>Publisher and subscribers in different processes, including crashes (SIGKILL) on either side.</summary>
[Collection(TransportCollection.Name)]
public sealed class CrossProcessTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private readonly TransportFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private Publisher CreatePublisher(int segmentSize = 1 << 20, int maxSegments = 4, ExhaustionPolicy policy = ExhaustionPolicy.Throw,
        TimeSpan? heldWarningAfter = null) =>
        Publisher.Create(_fixture.Topic, TransportFixture.Contract, new PublisherOptions
        {
            Pool = new SampleAllocatorOptions { SegmentSize = segmentSize, MaxSegments = maxSegments },
            WhenExhausted = policy,
            BlockTimeout = TimeSpan.FromSeconds(20),
            HeldWarningAfter = heldWarningAfter ?? Timeout.InfiniteTimeSpan,
            Log = _fixture.Log,
        });

    [Fact]
    public void Bytes_cross_the_process_boundary_unchanged_and_every_sample_comes_back()
    {
        using var publisher = CreatePublisher(segmentSize: 1 << 20, maxSegments: 4);
        using var peer = PeerProcess.Subscriber(_fixture, autoRelease: true);
        Assert.True(publisher.WaitForSubscribers(1, Wait));

        int[] lengths = [0, 1, 63, 64, 4096, 100_000, 1 << 20, 3 << 20];
        foreach (int length in lengths)
        {
            // Drops come back asynchronously; without them the Throw pool cannot hold the 1 MiB and 3 MiB samples at once.
            Assert.True(publisher.WaitForInFlight(0, Wait));
            ulong sequence = PatternedSamples.Send(publisher, length);
            Assert.Equal(sequence, peer.ExpectSample(length));
        }
        Assert.True(publisher.WaitForInFlight(0, Wait));
        Assert.Equal(0, publisher.GetStats().AllocatedBytes);

        publisher.Dispose();
        peer.Expect("END");
        Assert.Equal(0, peer.Finish());
        Assert.Empty(_fixture.LeftOver());
    }

    [Fact]
    public void A_sample_is_reused_only_after_every_subscriber_released_it()
    {
        // One segment that holds exactly one sample: any reuse is visible as a successful loan.
        using var publisher = CreatePublisher(segmentSize: 4096, maxSegments: 1);
        var peers = Enumerable.Range(0, 4).Select(_ => PeerProcess.Subscriber(_fixture, autoRelease: false)).ToArray();
        try
        {
            Assert.True(publisher.WaitForSubscribers(peers.Length, Wait));
            ulong sequence = PatternedSamples.Send(publisher, 4096);
            foreach (var peer in peers)
                Assert.Equal(sequence, peer.ExpectSample(4096));

            for (int i = 0; i < peers.Length; i++)
            {
                Assert.Throws<PoolExhaustedException>(() => publisher.Loan(64));
                peers[i].Release(sequence);
                int stillHolding = peers.Length - i - 1;
                Assert.True(publisher.WaitFor(s => stillHolding == 0 ? s.InFlight == 0 : s.Outstanding.Single().HeldBy == stillHolding, Wait));
            }
            using var reused = publisher.Loan(4096);
            Assert.Equal(new SampleSlot(0, 0, 4096, 4096), reused.Slot);
        }
        finally
        {
            foreach (var peer in peers)
                peer.Dispose();
        }
    }

    [Fact]
    public void A_subscriber_killed_while_holding_samples_gives_them_all_back()
    {
        using var publisher = CreatePublisher();
        using var victim = PeerProcess.Subscriber(_fixture, autoRelease: false);
        using var survivor = PeerProcess.Subscriber(_fixture, autoRelease: true);
        Assert.True(publisher.WaitForSubscribers(2, Wait));
        for (int i = 0; i < 3; i++)
        {
            ulong sequence = PatternedSamples.Send(publisher, 1000);
            Assert.Equal(sequence, victim.ExpectSample(1000));
            Assert.Equal(sequence, survivor.ExpectSample(1000));
        }
        Assert.Equal(3, publisher.GetStats().InFlight);

        victim.Kill();
        Assert.True(publisher.WaitFor(s => s.InFlight == 0 && s.Subscribers == 1, Wait));
        Assert.Equal(0, publisher.GetStats().AllocatedBytes);

        ulong after = PatternedSamples.Send(publisher, 10);
        Assert.Equal(after, survivor.ExpectSample(10));
    }

    [Fact]
    public void After_a_publisher_is_killed_held_samples_stay_readable_then_the_stream_ends_and_the_topic_can_restart()
    {
        using (var peer = PeerProcess.Publisher(_fixture))
        {
            using var subscriber = Subscriber.Connect(_fixture.Topic, TransportFixture.Contract, new SubscriberOptions { Log = _fixture.Log });
            peer.Tell("WAIT 1");
            peer.Expect("SUBSCRIBED");
            peer.Tell("SEND 3 5000");
            var held = new List<ReceivedSample>();
            for (int i = 0; i < 3; i++)
            {
                peer.Expect("SENT");
                held.Add(subscriber.Receive(Wait)!);
            }
            peer.Kill();

            Assert.Null(subscriber.Receive(Wait));
            Assert.Null(subscriber.Fault);
            foreach (var sample in held)
            {
                Assert.True(SamplePattern.Matches(sample.Span, sample.Sequence), $"sample {sample.Sequence} changed");
                sample.Dispose();
            }
        }

        // The dead publisher's socket file is still there; a new publisher replaces it.
        Assert.Single(_fixture.LeftOver());
        using (var restarted = CreatePublisher())
        {
            _fixture.WaitForLog("replacing the socket of a publisher that is gone", Wait);
            using var subscriber = Subscriber.Connect(_fixture.Topic, TransportFixture.Contract);
            Assert.True(restarted.WaitForSubscribers(1, Wait));
            ulong sequence = PatternedSamples.Send(restarted, 100);
            using var sample = subscriber.Receive(Wait)!;
            Assert.Equal(sequence, sample.Sequence);
        }
        Assert.Empty(_fixture.LeftOver());
    }

    [Fact]
    public void A_late_joiner_gets_only_new_samples()
    {
        using var publisher = CreatePublisher();
        using var early = PeerProcess.Subscriber(_fixture, autoRelease: true);
        Assert.True(publisher.WaitForSubscribers(1, Wait));
        Assert.Equal(PatternedSamples.Send(publisher, 8), early.ExpectSample(8));
        Assert.Equal(PatternedSamples.Send(publisher, 8), early.ExpectSample(8));

        using var late = PeerProcess.Subscriber(_fixture, autoRelease: true);
        Assert.True(publisher.WaitForSubscribers(2, Wait));
        ulong third = PatternedSamples.Send(publisher, 8);
        Assert.Equal(third, early.ExpectSample(8));
        Assert.Equal(third, late.ExpectSample(8));
    }

    [Fact]
    public async Task Block_waits_for_a_release_and_then_reuses_the_sample()
    {
        using var publisher = CreatePublisher(segmentSize: 4096, maxSegments: 1, policy: ExhaustionPolicy.Block);
        using var peer = PeerProcess.Subscriber(_fixture, autoRelease: false);
        Assert.True(publisher.WaitForSubscribers(1, Wait));
        ulong sequence = PatternedSamples.Send(publisher, 4096);
        Assert.Equal(sequence, peer.ExpectSample(4096));

        var blocked = Task.Run(() => publisher.Loan(4096));
        Assert.False(blocked.IsCompleted);
        peer.Release(sequence);
        using var loan = await blocked.WaitAsync(Wait);
        Assert.Equal(0, loan.Slot.Offset);
    }

    [Fact]
    public void Block_gives_up_with_a_clear_exception_when_nothing_is_released()
    {
        using var publisher = Publisher.Create(_fixture.Topic, TransportFixture.Contract, new PublisherOptions
        {
            Pool = new SampleAllocatorOptions { SegmentSize = 4096, MaxSegments = 1 },
            WhenExhausted = ExhaustionPolicy.Block,
            BlockTimeout = TimeSpan.FromMilliseconds(100),
            Log = _fixture.Log,
        });
        using var peer = PeerProcess.Subscriber(_fixture, autoRelease: false);
        Assert.True(publisher.WaitForSubscribers(1, Wait));
        Assert.Equal(PatternedSamples.Send(publisher, 4096), peer.ExpectSample(4096));
        var error = Assert.Throws<PoolExhaustedException>(() => publisher.Loan(1));
        Assert.Contains("1 sent samples are still held by subscribers", error.Message);
        Assert.Contains("after waiting", error.Message);
    }

    [Fact]
    public void Grow_adds_segments_past_the_limit_and_subscribers_map_them()
    {
        using var publisher = CreatePublisher(segmentSize: 4096, maxSegments: 1, policy: ExhaustionPolicy.Grow);
        using var peer = PeerProcess.Subscriber(_fixture, autoRelease: false);
        Assert.True(publisher.WaitForSubscribers(1, Wait));
        Assert.Equal(PatternedSamples.Send(publisher, 4096), peer.ExpectSample(4096));
        Assert.Equal(PatternedSamples.Send(publisher, 4096), peer.ExpectSample(4096));
        Assert.Equal(2, publisher.GetStats().Segments);
    }

    [Fact]
    public void A_sample_held_too_long_is_reported_once_with_topic_and_sequence()
    {
        using var publisher = CreatePublisher(heldWarningAfter: TimeSpan.FromMilliseconds(100));
        using var peer = PeerProcess.Subscriber(_fixture, autoRelease: false);
        Assert.True(publisher.WaitForSubscribers(1, Wait));
        ulong first = PatternedSamples.Send(publisher, 16);
        peer.ExpectSample(16);
        string warning = _fixture.WaitForLog($"sample {first} has been held", Wait);
        Assert.Contains($"'{_fixture.Topic}'", warning);
        Assert.Contains($"pid {peer.ProcessId}", warning);

        // A second sample's warning comes after at least one more scan; the first is not repeated.
        ulong second = PatternedSamples.Send(publisher, 16);
        peer.ExpectSample(16);
        _fixture.WaitForLog($"sample {second} has been held", Wait);
        lock (_fixture.Messages)
            Assert.Single(_fixture.Messages, m => m.Message.Contains($"sample {first} has been held"));
    }

    [Fact]
    public void A_stopped_subscriber_is_skipped_once_its_queue_is_full_and_never_blocks_the_publisher()
    {
        using var publisher = Publisher.Create(_fixture.Topic, TransportFixture.Contract, new PublisherOptions
        {
            Pool = new SampleAllocatorOptions { SegmentSize = 1 << 16, MaxSegments = 1 },
            WhenExhausted = ExhaustionPolicy.Throw,
            QueueDepth = 4,
            HeldWarningAfter = Timeout.InfiniteTimeSpan,
            Log = _fixture.Log,
        });
        using var stalled = PeerProcess.Subscriber(_fixture, autoRelease: true);
        using var healthy = PeerProcess.Subscriber(_fixture, autoRelease: true);
        Assert.True(publisher.WaitForSubscribers(2, Wait));
        stalled.Stop();
        try
        {
            // 200 samples of 1 KiB through a 64 KiB pool: only possible if the stalled subscriber
            // holds no more than its queue depth.
            for (int i = 0; i < 200; i++)
            {
                Assert.Equal(PatternedSamples.Send(publisher, 1024), healthy.ExpectSample(1024));
                // The healthy subscriber's drop token travels back asynchronously; without waiting for
                // it, a slow publisher could see it holding its queue depth and skip it too.
                Assert.True(publisher.WaitFor(stats => stats.SubscriberDetails.Single(s => s.ProcessId == healthy.ProcessId).Holding == 0, Wait));
            }
            var stalledStats = publisher.GetStats().SubscriberDetails.Single(s => s.ProcessId == stalled.ProcessId);
            Assert.Equal((4, 4L, 196L), (stalledStats.Holding, stalledStats.Received, stalledStats.Skipped));
        }
        finally
        {
            stalled.Continue();
        }
        for (int i = 0; i < 4; i++)
            stalled.ExpectSample(1024);
        Assert.True(publisher.WaitForInFlight(0, Wait));
    }
}
