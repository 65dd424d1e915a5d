using Quiver.SharedMemory;
using Quiver.Transport;
using Quiver.Transport.TestPeer;

namespace Quiver.Runtime.Tests.Transport;

/// <summary>
/// When a release on the ring wakes the publisher's drop pump: only while a thread of the publisher
/// waits for releases. Otherwise the drop stays in the ring, no system call on the subscriber, until
/// the publisher reads it itself; a waiter is never left asleep with the drop it waits for.
/// </summary>
[Collection(TransportCollection.Name)]
public sealed class RingDropWakeTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private readonly TransportFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private Publisher CreatePublisher(SampleAllocatorOptions pool, ExhaustionPolicy whenExhausted = ExhaustionPolicy.Block)
    {
        var publisher = Publisher.Create(_fixture.Topic, TransportFixture.Contract, new PublisherOptions
        {
            Log = _fixture.Log,
            Notification = NotificationPath.SharedMemoryRing,
            Pool = pool,
            WhenExhausted = whenExhausted,
            BlockTimeout = Wait,
        });
        // The pump reads its ring only when woken, so a lost wake-up shows as a waiter that times out.
        publisher.DropPollPeriod = Timeout.InfiniteTimeSpan;
        return publisher;
    }

    private Subscriber Connect() =>
        Subscriber.Connect(_fixture.Topic, TransportFixture.Contract, new SubscriberOptions { Log = _fixture.Log, Notification = NotificationPath.SharedMemoryRing });

    [Fact]
    public async Task Releases_wake_the_drop_pump_only_while_the_publisher_waits_for_one()
    {
        using var publisher = CreatePublisher(new SampleAllocatorOptions { SegmentSize = 1 << 16, MaxSegments = 1 });
        using var subscriber = Connect();
        Assert.True(publisher.WaitForSubscribers(1, Wait));

        for (var round = 0; round < 50; round++)
        {
            var sequence = PatternedSamples.Send(publisher, 100);
            using var sample = subscriber.Receive(Wait)!;
            Assert.Equal(sequence, sample.Sequence);
        }
        // WaitForSubscribers waited on the gate, so the pump asks to be woken for a while after it
        // (the linger); once that has passed, the next drop ends its last announced sleep.
        var deadline = Deadline.After(Wait);
        while (!publisher.DropPumpsAsleep || subscriber.DropSleepers != 0)
        {
            Assert.NotEqual(TimeSpan.Zero, deadline.Remaining);
            PatternedSamples.Send(publisher, 100);
            subscriber.Receive(Wait)!.Dispose();
        }

        for (var round = 0; round < 50; round++)
        {
            PatternedSamples.Send(publisher, 100);
            subscriber.Receive(Wait)!.Dispose();
            Assert.Equal(0, subscriber.DropSleepers);
        }
        // Unread by the pump, the drops are still applied the moment the publisher looks.
        Assert.Equal(0, publisher.GetStats().InFlight);

        PatternedSamples.Send(publisher, 100);
        var held = subscriber.Receive(Wait)!;
        var waiting = Task.Run(() => publisher.WaitForInFlight(0, Wait));
        while (subscriber.DropSleepers == 0)
        {
            Assert.NotEqual(TimeSpan.Zero, deadline.Remaining);
            Assert.False(waiting.IsCompleted);
            Thread.Yield();
        }
        held.Dispose();
        Assert.True(await waiting.WaitAsync(Wait));
    }

    [Fact]
    public async Task A_loan_blocked_on_a_full_pool_is_woken_by_every_release_from_another_thread()
    {
        const int SampleLength = 4096 - SampleAllocator.Alignment;
        using var publisher = CreatePublisher(new SampleAllocatorOptions { SegmentSize = 4096, MaxSegments = 1 });
        // No linger: every blocked loan must wake a pump that has stopped asking, racing its sleep.
        publisher.DropWakes.Linger = TimeSpan.Zero;
        using var subscriber = Connect();
        Assert.True(publisher.WaitForSubscribers(1, Wait));
        const int Rounds = 2000;

        var releasing = Task.Run(() =>
        {
            var spread = new Random(12);
            for (var round = 0; round < Rounds; round++)
            {
                var sample = subscriber.Receive(Wait) ?? throw new InvalidOperationException("The stream ended early.");
                // Releases land before, during and after the publisher's next loan starts waiting.
                Thread.SpinWait(spread.Next(0, 2000));
                sample.Dispose();
            }
        });
        for (var round = 0; round < Rounds; round++)
            PatternedSamples.Send(publisher, SampleLength);
        await releasing.WaitAsync(Wait);
        Assert.True(publisher.WaitForInFlight(0, Wait));
    }
}
