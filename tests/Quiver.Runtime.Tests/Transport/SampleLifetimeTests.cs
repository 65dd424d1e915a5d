using System.Runtime.CompilerServices;
using Quiver.SharedMemory;
using Quiver.Tests;
using Quiver.Transport;

namespace Quiver.Runtime.Tests.Transport;

/// <summary>Leases, finalizers and disposal order of samples on both sides (one process).</summary>
[Collection(TransportCollection.Name)]
public sealed class SampleLifetimeTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly TransportFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private (Publisher, Subscriber) Connect()
    {
        var publisher = Publisher.Create(_fixture.Topic, TransportFixture.Contract, new PublisherOptions
        {
            Log = _fixture.Log,
            Pool = new SampleAllocatorOptions { SegmentSize = 4096, MaxSegments = 1 },
            WhenExhausted = ExhaustionPolicy.Throw,
        });
        var subscriber = Subscriber.Connect(_fixture.Topic, TransportFixture.Contract, new SubscriberOptions { Log = _fixture.Log });
        Assert.True(publisher.WaitForSubscribers(1, Wait));
        return (publisher, subscriber);
    }

    private static void Send(Publisher publisher, byte value)
    {
        var loan = publisher.Loan(16);
        loan.Span.Fill(value);
        publisher.Send(loan);
    }

    [Fact]
    public void A_lease_keeps_the_sample_until_it_is_disposed_too()
    {
        var (publisher, subscriber) = Connect();
        using (publisher)
        using (subscriber)
        {
            Send(publisher, 5);
            var sample = subscriber.Receive(Wait)!;
            var memory = sample.Memory;
            var lease = sample.Retain();
            sample.Dispose();
            Assert.Throws<ObjectDisposedException>(() => sample.Memory);
            Assert.Equal(0, subscriber.DropTokensSent);
            Assert.All(memory.ToArray(), b => Assert.Equal(5, b));

            lease.Dispose();
            lease.Dispose();
            Assert.Equal(1, subscriber.DropTokensSent);
            Assert.True(publisher.WaitForInFlight(0, Wait));
            Assert.Throws<ObjectDisposedException>(() => sample.Retain());
        }
    }

    [Fact]
    public void A_sample_never_disposed_is_released_by_its_finalizer()
    {
        var (publisher, subscriber) = Connect();
        using (publisher)
        using (subscriber)
        {
            Send(publisher, 1);
            ReceiveAndForget(subscriber);
            Assert.True(Finalizers.RunUntil(() => publisher.GetStats().InFlight == 0, Wait));
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ReceiveAndForget(Subscriber subscriber) => Assert.Equal(16, subscriber.Receive(Wait)!.Length);

    [Fact]
    public async Task ReadAllAsync_yields_every_sample_then_ends_with_the_publisher()
    {
        var (publisher, subscriber) = Connect();
        using (subscriber)
        {
            Send(publisher, 1);
            Send(publisher, 2);
            publisher.Dispose();
            var seen = new List<byte>();
            await foreach (var sample in subscriber.ReadAllAsync().WithCancellation(new CancellationTokenSource(Wait).Token))
            {
                using (sample)
                    seen.Add(sample.Span[0]);
            }
            Assert.Equal([1, 2], seen);
            Assert.True(subscriber.IsCompleted);
        }
    }

    [Fact]
    public void A_loan_never_sent_nor_disposed_is_returned_by_its_finalizer_with_a_warning()
    {
        using var publisher = Publisher.Create(_fixture.Topic, TransportFixture.Contract, new PublisherOptions
        {
            Log = _fixture.Log,
            Pool = new SampleAllocatorOptions { SegmentSize = 4096, MaxSegments = 1 },
            WhenExhausted = ExhaustionPolicy.Throw,
        });
        LoanAndForget(publisher);
        Assert.True(Finalizers.RunUntil(() => publisher.GetStats().Loaned == 0, Wait));
        Assert.Equal((0, 0L), (publisher.GetStats().Loaned, publisher.GetStats().AllocatedBytes));
        Assert.Contains("4096 bytes was neither sent nor disposed", _fixture.WaitForLog("finalizer", Wait));
        using var again = publisher.Loan(4096);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void LoanAndForget(Publisher publisher) => Assert.Equal(4096, publisher.Loan(4096).Length);

    [Fact]
    public void A_loan_stays_writable_after_its_publisher_is_disposed()
    {
        var publisher = Publisher.Create(_fixture.Topic, TransportFixture.Contract, new PublisherOptions { Log = _fixture.Log });
        var loan = publisher.Loan(64);
        publisher.Dispose();
        loan.Span.Fill(9);
        Assert.Throws<ObjectDisposedException>(() => publisher.Send(loan));
        Assert.Empty(_fixture.LeftOver());
    }

    [Fact]
    public void Samples_stay_readable_after_the_subscriber_is_disposed()
    {
        var (publisher, subscriber) = Connect();
        using (publisher)
        {
            Send(publisher, 7);
            var sample = subscriber.Receive(Wait)!;
            subscriber.Dispose();
            Assert.True(publisher.WaitFor(s => s.Subscribers == 0 && s.InFlight == 0, Wait));
            Assert.All(sample.Span.ToArray(), b => Assert.Equal(7, b));
            sample.Dispose();
        }
    }

    [Fact]
    public void A_full_queue_skips_the_subscriber_instead_of_pinning_the_pool()
    {
        using var publisher = Publisher.Create(_fixture.Topic, TransportFixture.Contract, new PublisherOptions { Log = _fixture.Log, QueueDepth = 2 });
        using var subscriber = Subscriber.Connect(_fixture.Topic, TransportFixture.Contract, new SubscriberOptions { Log = _fixture.Log });
        Assert.True(publisher.WaitForSubscribers(1, Wait));
        for (byte i = 1; i <= 3; i++)
            Send(publisher, i);
        var stats = publisher.GetStats();
        Assert.Equal((3L, 1L, 2), (stats.Sent, stats.Skipped, stats.InFlight));
        Assert.Equal(new SubscriberStats(Environment.ProcessId, 2, 2, 1, NotificationDefaults.Resolve()), stats.SubscriberDetails.Single());
        using var first = subscriber.Receive(Wait)!;
        using var second = subscriber.Receive(Wait)!;
        Assert.Equal((1UL, 2UL), (first.Sequence, second.Sequence));
        Assert.False(subscriber.TryReceive(out _));
    }
}
