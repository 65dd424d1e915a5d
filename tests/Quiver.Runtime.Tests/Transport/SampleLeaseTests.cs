using Quiver.SharedMemory;
using Quiver.Transport;
using Quiver.Transport.TestPeer;

namespace Quiver.Runtime.Tests.Transport;

/// <summary>
/// The zero-allocation raw receive, <see cref="Subscriber.TryTake(out SampleLease, TimeSpan)"/>:
/// bytes and release on both notification paths, stale leases and copies, the subscriber's
/// dispose, the end of the stream, allocations.
/// </summary>
[Collection(TransportCollection.Name)]
public sealed class SampleLeaseTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly TransportFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private Publisher CreatePublisher(NotificationPath path = NotificationPath.SharedMemoryRing) =>
        Publisher.Create(_fixture.Topic, TransportFixture.Contract, new PublisherOptions
        {
            Log = _fixture.Log,
            Notification = path,
            Pool = new SampleAllocatorOptions { SegmentSize = 1 << 16, MaxSegments = 8 },
        });

    private Subscriber Connect(NotificationPath path = NotificationPath.SharedMemoryRing) =>
        Subscriber.Connect(_fixture.Topic, TransportFixture.Contract, new SubscriberOptions { Log = _fixture.Log, Notification = path });

    private static SampleLease Take(Subscriber subscriber)
    {
        Assert.True(subscriber.TryTake(out var lease, Wait), "no sample arrived");
        return lease;
    }

    [Theory]
    [InlineData(NotificationPath.SharedMemoryRing)]
    [InlineData(NotificationPath.Socket)]
    public void A_lease_reads_the_sample_in_place_and_its_dispose_sends_the_drop_token(NotificationPath path)
    {
        using var publisher = CreatePublisher(path);
        using var subscriber = Connect(path);
        Assert.True(publisher.WaitForSubscribers(1, Wait));
        Assert.Equal(path, subscriber.Notification);
        long sentAfter = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000;
        // Past the first segment, so the leases name segments announced while the stream runs.
        var sent = Enumerable.Range(0, 30).Select(_ => PatternedSamples.Send(publisher, 5000)).ToList();
        long sentBefore = (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + 1) * 1_000_000;

        foreach (var sequence in sent)
        {
            var lease = Take(subscriber);
            Assert.False(lease.IsReleased);
            Assert.Equal(sequence, lease.Sequence);
            Assert.Equal(5000, lease.Length);
            Assert.Equal(5000, lease.Memory.Length);
            Assert.True(SamplePattern.Matches(lease.Span, sequence));
            Assert.InRange(lease.TimestampNanoseconds, sentAfter, sentBefore);
            Assert.Equal(DateTimeOffset.UnixEpoch.AddTicks(lease.TimestampNanoseconds / 100), lease.Timestamp);
            long dropsBefore = subscriber.DropTokensSent;
            lease.Dispose();
            Assert.True(lease.IsReleased);
            Assert.Equal(dropsBefore + 1, subscriber.DropTokensSent);
        }
        Assert.True(publisher.WaitForInFlight(0, Wait));
        Assert.Equal(30, subscriber.DropTokensSent);
    }

    [Fact]
    public void A_stale_lease_and_its_copies_throw_after_dispose_even_once_the_slot_holds_the_next_sample()
    {
        using var publisher = CreatePublisher();
        using var subscriber = Connect();
        Assert.True(publisher.WaitForSubscribers(1, Wait));
        PatternedSamples.Send(publisher, 100);
        var lease = Take(subscriber);
        var copy = lease;
        var slot = lease.Slot;

        copy.Dispose();
        var second = PatternedSamples.Send(publisher, 300);
        using var next = Take(subscriber);

        // The premise: the later sample is held by the very slot the old lease points at.
        Assert.Same(slot, next.Slot);
        Assert.Equal(second, next.Sequence);
        foreach (var old in new[] { lease, copy })
        {
            Assert.True(old.IsReleased);
            var stale = Assert.Throws<ObjectDisposedException>(() => old.Sequence);
            Assert.Contains("released", stale.Message);
            Assert.Throws<ObjectDisposedException>(() => old.Length);
            Assert.Throws<ObjectDisposedException>(() => old.TimestampNanoseconds);
            Assert.Throws<ObjectDisposedException>(() => old.Memory);
            Assert.Throws<ObjectDisposedException>(() => old.Span.Length);
        }
        // Disposing the stale leases again must not release the slot's new one.
        lease.Dispose();
        copy.Dispose();
        Assert.False(next.IsReleased);
        Assert.True(SamplePattern.Matches(next.Span, second));
        Assert.True(publisher.WaitForInFlight(1, Wait));
        Assert.Equal(second, publisher.GetStats().Outstanding.Single().Sequence);
    }

    [Fact]
    public void Leases_up_to_the_queue_depth_are_held_at_once_and_released_slots_are_reused()
    {
        using var publisher = CreatePublisher();
        using var subscriber = Connect();
        Assert.True(publisher.WaitForSubscribers(1, Wait));
        var sent = Enumerable.Range(0, 8).Select(_ => PatternedSamples.Send(publisher, 64)).ToList();

        var leases = sent.Select(_ => Take(subscriber)).ToArray();

        Assert.Equal(8, leases.Select(l => l.Slot).Distinct().Count());
        Assert.Equal(8, publisher.GetStats().InFlight);
        for (var i = 0; i < leases.Length; i++)
            Assert.True(SamplePattern.Matches(leases[i].Span, sent[i]));
        foreach (var lease in leases)
            lease.Dispose();
        Assert.True(publisher.WaitForInFlight(0, Wait));

        PatternedSamples.Send(publisher, 64);
        using var again = Take(subscriber);
        Assert.Contains(again.Slot, leases.Select(l => l.Slot));
    }

    [Theory]
    [InlineData(NotificationPath.SharedMemoryRing)]
    [InlineData(NotificationPath.Socket)]
    public void Disposing_the_subscriber_releases_the_samples_leases_still_hold(NotificationPath path)
    {
        using var publisher = CreatePublisher(path);
        var subscriber = Connect(path);
        Assert.True(publisher.WaitForSubscribers(1, Wait));
        PatternedSamples.Send(publisher, 64);
        PatternedSamples.Send(publisher, 64);
        var held = Take(subscriber);
        var disposed = Take(subscriber);
        disposed.Dispose();
        Assert.True(publisher.WaitForInFlight(1, Wait));

        subscriber.Dispose();

        Assert.True(held.IsReleased);
        Assert.Throws<ObjectDisposedException>(() => held.Span.Length);
        Assert.True(publisher.WaitFor(stats => stats.Subscribers == 0 && stats.InFlight == 0, Wait));
        Assert.Equal(0, publisher.GetStats().AllocatedBytes);
        held.Dispose();
        Assert.False(subscriber.TryTake(out var late, TimeSpan.Zero));
        Assert.True(late.IsReleased);
    }

    [Theory]
    [InlineData(NotificationPath.SharedMemoryRing)]
    [InlineData(NotificationPath.Socket)]
    public void TryTake_says_false_when_nothing_arrives_and_when_the_stream_has_ended(NotificationPath path)
    {
        var publisher = CreatePublisher(path);
        using var subscriber = Connect(path);
        Assert.True(publisher.WaitForSubscribers(1, Wait));

        Assert.False(subscriber.TryTake(out var nothing, TimeSpan.Zero));
        Assert.True(nothing.IsReleased);
        Assert.Throws<ObjectDisposedException>(() => nothing.Sequence);
        nothing.Dispose();
        Assert.False(subscriber.IsCompleted);

        var last = PatternedSamples.Send(publisher, 64);
        publisher.Dispose();
        using (var lease = Take(subscriber))
            Assert.Equal(last, lease.Sequence);
        Assert.False(subscriber.TryTake(out _, Wait));
        Assert.True(subscriber.IsCompleted);
    }

    [Theory]
    [InlineData(NotificationPath.SharedMemoryRing)]
    [InlineData(NotificationPath.Socket)]
    public void Taking_through_leases_allocates_nothing_per_sample_once_warm(NotificationPath path)
    {
        using var publisher = CreatePublisher(path);
        using var subscriber = Connect(path);
        Assert.True(publisher.WaitForSubscribers(1, Wait));

        ulong TakeOne()
        {
            var lease = Take(subscriber);
            ulong read = lease.Sequence + (ulong)lease.Length + lease.Span[0];
            lease.Dispose();
            return read;
        }

        // Sending is the publisher's cost, and a drop is applied by another thread: both happen
        // outside the measured window, which holds the take, the read and the release alone.
        ulong SendOnceReleased()
        {
            Assert.True(publisher.WaitForInFlight(0, Wait));
            var sequence = PatternedSamples.Send(publisher, 256);
            var expected = new byte[256];
            SamplePattern.Fill(expected, sequence);
            return sequence + 256 + expected[0];
        }

        for (var i = 0; i < 30; i++)
        {
            SendOnceReleased();
            TakeOne();
        }
        long allocated = 0;
        for (var i = 0; i < 300; i++)
        {
            var expected = SendOnceReleased();
            var before = GC.GetAllocatedBytesForCurrentThread();
            var read = TakeOne();
            allocated += GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.Equal(expected, read);
        }
        Assert.Equal(0, allocated);
    }
}
