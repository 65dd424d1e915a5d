using Quiver.SharedMemory;
using Quiver.Transport;
using Quiver.Transport.TestPeer;

namespace Quiver.Runtime.Tests.Transport;

/// <summary>The shared-memory notification ring in one process: negotiation, delivery, async reading, the allocation-free primitive.</summary>
[Collection(TransportCollection.Name)]
public sealed class RingTransportTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly TransportFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private Publisher CreatePublisher(NotificationPath path = NotificationPath.SharedMemoryRing, int queueDepth = 64) =>
        Publisher.Create(_fixture.Topic, TransportFixture.Contract, new PublisherOptions
        {
            Log = _fixture.Log,
            Notification = path,
            QueueDepth = queueDepth,
            Pool = new SampleAllocatorOptions { SegmentSize = 1 << 16, MaxSegments = 8 },
        });

    private Subscriber Connect(NotificationPath path = NotificationPath.SharedMemoryRing) =>
        Subscriber.Connect(_fixture.Topic, TransportFixture.Contract, new SubscriberOptions { Log = _fixture.Log, Notification = path });

    [Theory]
    [InlineData(NotificationPath.SharedMemoryRing, NotificationPath.SharedMemoryRing, NotificationPath.SharedMemoryRing)]
    [InlineData(NotificationPath.Socket, NotificationPath.SharedMemoryRing, NotificationPath.Socket)]
    [InlineData(NotificationPath.SharedMemoryRing, NotificationPath.Socket, NotificationPath.Socket)]
    [InlineData(NotificationPath.Socket, NotificationPath.Socket, NotificationPath.Socket)]
    public void Both_sides_must_want_the_ring_and_samples_arrive_either_way(NotificationPath publisherPath, NotificationPath subscriberPath, NotificationPath expected)
    {
        using var publisher = CreatePublisher(publisherPath);
        using var subscriber = Connect(subscriberPath);
        Assert.True(publisher.WaitForSubscribers(1, Wait));
        Assert.Equal(expected, subscriber.Notification);
        Assert.Equal(expected, publisher.GetStats().SubscriberDetails.Single().Notification);

        // Past the first segment, so segment announcements race the ring entries that name them.
        var sent = Enumerable.Range(0, 40).Select(_ => PatternedSamples.Send(publisher, 5000)).ToList();
        foreach (var sequence in sent)
        {
            using var sample = subscriber.Receive(Wait)!;
            Assert.Equal(sequence, sample.Sequence);
            Assert.True(SamplePattern.Matches(sample.Span, sequence));
        }
        Assert.True(publisher.WaitForInFlight(0, Wait));
        Assert.Equal(40, subscriber.DropTokensSent);
        Assert.False(subscriber.TryReceive(out _));
    }

    [Fact]
    public void One_publisher_serves_a_ring_subscriber_and_a_socket_subscriber_alike()
    {
        using var publisher = CreatePublisher();
        using var ring = Connect();
        using var socket = Connect(NotificationPath.Socket);
        Assert.True(publisher.WaitForSubscribers(2, Wait));
        Assert.Equal((NotificationPath.SharedMemoryRing, NotificationPath.Socket), (ring.Notification, socket.Notification));

        for (int round = 0; round < 200; round++)
        {
            // Drops are applied by other threads (the drop pump, the socket reader); on a loaded
            // machine they can lag a queue depth behind, and the publisher would then rightly skip
            // a subscriber. Waiting for them keeps this test about delivery, not scheduling.
            Assert.True(publisher.WaitForInFlight(0, Wait));
            ulong sequence = PatternedSamples.Send(publisher, 100 + round);
            foreach (var subscriber in new[] { ring, socket })
            {
                using var sample = subscriber.Receive(Wait)!;
                Assert.Equal((sequence, 100 + round), (sample.Sequence, sample.Length));
                Assert.True(SamplePattern.Matches(sample.Span, sequence));
            }
        }
        Assert.True(publisher.WaitForInFlight(0, Wait));
        Assert.All(publisher.GetStats().SubscriberDetails, s => Assert.Equal((200L, 0L), (s.Received, s.Skipped)));
    }

    [Fact]
    public async Task ReadAllAsync_on_the_ring_waits_for_samples_and_ends_with_the_publisher()
    {
        var publisher = CreatePublisher();
        using var subscriber = Connect();
        Assert.True(publisher.WaitForSubscribers(1, Wait));
        var reading = Task.Run(async () =>
        {
            var seen = new List<ulong>();
            await foreach (var sample in subscriber.ReadAllAsync())
                using (sample)
                    seen.Add(sample.Sequence);
            return seen;
        });
        var sent = new List<ulong>();
        for (int i = 0; i < 50; i++)
        {
            sent.Add(PatternedSamples.Send(publisher, 64));
            // Some samples find the reader asleep, some awake: wait for each to come back now and then.
            if (i % 5 == 0)
                Assert.True(publisher.WaitForInFlight(0, Wait));
        }
        Assert.True(publisher.WaitForInFlight(0, Wait));
        publisher.Dispose();
        Assert.Equal(sent, await reading.WaitAsync(Wait));
    }

    [Fact]
    public async Task Cancelling_ReadAllAsync_wakes_a_reader_sleeping_on_the_ring()
    {
        using var publisher = CreatePublisher();
        using var subscriber = Connect();
        // The publisher lists a subscriber on its own thread after the handshake; a sample sent before is rightly not for it.
        Assert.True(publisher.WaitForSubscribers(1, Wait));
        using var cancel = new CancellationTokenSource();
        var reading = Task.Run(async () =>
        {
            await foreach (var sample in subscriber.ReadAllAsync(cancel.Token))
                sample.Dispose();
        });
        while (subscriber.RingSleepers == 0)
            Assert.False(reading.IsCompleted);
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading.WaitAsync(Wait));
        // The subscriber is still usable after a cancelled read.
        ulong sequence = PatternedSamples.Send(publisher, 10);
        using var sample = subscriber.Receive(Wait)!;
        Assert.Equal(sequence, sample.Sequence);
    }

    [Fact]
    public async Task Disposing_the_subscriber_wakes_a_receiver_sleeping_on_the_ring()
    {
        using var publisher = CreatePublisher();
        var subscriber = Connect();
        var receiving = Task.Run(() => subscriber.Receive(Timeout.InfiniteTimeSpan));
        while (subscriber.RingSleepers == 0)
            Assert.False(receiving.IsCompleted);
        subscriber.Dispose();
        Assert.Null(await receiving.WaitAsync(Wait));
    }

    [Fact]
    public void TryTake_polls_waits_with_a_timeout_and_reports_the_end()
    {
        var publisher = CreatePublisher();
        using var subscriber = Connect();
        Assert.True(publisher.WaitForSubscribers(1, Wait));
        Assert.Equal(SampleTake.TimedOut, subscriber.TryTake(TimeSpan.Zero, out _));
        Assert.Equal(SampleTake.TimedOut, subscriber.TryTake(TimeSpan.FromMilliseconds(20), out _));
        ulong sequence = PatternedSamples.Send(publisher, 300);
        Assert.Equal(SampleTake.Sample, subscriber.TryTake(Wait, out var sample));
        Assert.Equal((sequence, 300), (sample.Sequence, sample.Length));
        Assert.True(SamplePattern.Matches(sample.Memory.Span, sequence));
        subscriber.Release(sample);
        Assert.True(publisher.WaitForInFlight(0, Wait));
        publisher.Dispose();
        Assert.Equal(SampleTake.Ended, subscriber.TryTake(Timeout.InfiniteTimeSpan, out _));
        Assert.Equal(SampleTake.Ended, subscriber.TryTake(TimeSpan.Zero, out _));
        Assert.True(subscriber.IsCompleted);
    }

    [Theory]
    [InlineData(NotificationPath.SharedMemoryRing)]
    [InlineData(NotificationPath.Socket)]
    public void Samples_in_the_stream_when_the_publisher_leaves_are_still_delivered(NotificationPath path)
    {
        var publisher = CreatePublisher();
        using var subscriber = Connect(path);
        Assert.True(publisher.WaitForSubscribers(1, Wait));
        var sent = Enumerable.Range(0, 5).Select(_ => PatternedSamples.Send(publisher, 1000)).ToList();
        publisher.Dispose();
        var received = new List<ulong>();
        while (subscriber.Receive(Wait) is { } sample)
            using (sample)
            {
                Assert.True(SamplePattern.Matches(sample.Span, sample.Sequence));
                received.Add(sample.Sequence);
            }
        Assert.Equal(sent, received);
    }

    [Fact]
    public void A_subscriber_that_released_everything_is_not_skipped_before_the_drop_pump_has_run()
    {
        // Queue depth 1: every send finds the subscriber full unless the previous sample's drop is
        // applied, and the pump thread has seldom woken by then. The send applies the drop itself.
        using var publisher = CreatePublisher(queueDepth: 1);
        using var subscriber = Connect();
        Assert.True(publisher.WaitForSubscribers(1, Wait));
        for (int i = 0; i < 300; i++)
        {
            ulong sequence = PatternedSamples.Send(publisher, 64);
            using var sample = subscriber.Receive(Wait);
            Assert.NotNull(sample);
            Assert.Equal(sequence, sample.Sequence);
        }
        Assert.Equal(0, publisher.GetStats().Skipped);
    }

    [Fact]
    public void Taking_and_releasing_on_the_ring_allocates_nothing_per_sample()
    {
        const int Batch = 32;
        using var publisher = CreatePublisher();
        using var subscriber = Connect();
        Assert.True(publisher.WaitForSubscribers(1, Wait));
        Assert.Equal(NotificationPath.SharedMemoryRing, subscriber.Notification);

        long allocated = 0;
        for (int round = 0; round < 40; round++)
        {
            // Published from another thread: only the taking thread's allocations are counted.
            var sender = new Thread(() =>
            {
                for (int i = 0; i < Batch; i++)
                    PatternedSamples.Send(publisher, 256);
            });
            sender.Start();
            sender.Join();
            int taken = 0;
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < Batch; i++)
            {
                if (subscriber.TryTake(TimeSpan.Zero, out var sample) == SampleTake.Sample)
                {
                    taken++;
                    subscriber.Release(sample);
                }
            }
            long after = GC.GetAllocatedBytesForCurrentThread();
            Assert.Equal(Batch, taken);
            // The first rounds warm up JIT and type loading.
            if (round >= 10)
                allocated += after - before;
            Assert.True(publisher.WaitForInFlight(0, Wait));
        }
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void A_send_to_a_ring_subscriber_allocates_only_its_loan()
    {
        const int Batch = 32;
        using var publisher = CreatePublisher();
        using var subscriber = Connect();
        Assert.True(publisher.WaitForSubscribers(1, Wait));
        // What a loan is: measured here, so the figure is not copied from the code under test.
        long loanOnly = AllocatedPerCall(() => publisher.Loan(64).Dispose());

        long allocated = 0;
        for (int round = 0; round < 40; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < Batch; i++)
                publisher.Send(publisher.Loan(64));
            long after = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < Batch; i++)
                subscriber.Receive(Wait)!.Dispose();
            // The first rounds warm up JIT and type loading.
            if (round >= 10)
                allocated += after - before;
            Assert.True(publisher.WaitForInFlight(0, Wait));
        }
        Assert.True(loanOnly > 0);
        Assert.Equal(loanOnly * 30 * Batch, allocated);
    }

    private static long AllocatedPerCall(Action action)
    {
        const int Calls = 64;
        for (int i = 0; i < Calls; i++)
            action();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Calls; i++)
            action();
        return (GC.GetAllocatedBytesForCurrentThread() - before) / Calls;
    }
}
