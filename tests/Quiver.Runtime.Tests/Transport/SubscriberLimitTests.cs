using Quiver.SharedMemory;
using Quiver.Transport;

namespace Quiver.Runtime.Tests.Transport;

/// <summary><see cref="PublisherOptions.MaxSubscribers"/>: who is refused, what the others notice, and when a slot frees up.</summary>
[Collection(TransportCollection.Name)]
public sealed class SubscriberLimitTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private const int Limit = 2;
    private readonly TransportFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public void The_subscriber_over_the_limit_is_refused_the_others_keep_receiving_and_a_freed_slot_admits_a_new_one()
    {
        using var publisher = Publisher.Create(_fixture.Topic, TransportFixture.Contract, new PublisherOptions
        {
            MaxSubscribers = Limit,
            Pool = new SampleAllocatorOptions { SegmentSize = 4096, MaxSegments = 2 },
            Log = _fixture.Log,
        });
        using var first = Connect();
        using var second = Connect();
        Assert.True(publisher.WaitForSubscribers(Limit, Wait));

        var refused = Assert.Throws<TopicUnavailableException>(() => Connect());
        Assert.Contains($"maximum of {Limit} subscribers", refused.Message);
        Assert.Contains($"maximum of {Limit} subscribers", _fixture.WaitForLog("refused subscriber", Wait));
        Assert.Equal(Limit, publisher.SubscriberCount);

        Assert.Equal([1, 1], ReceiveOne(publisher, first, second, payload: 1));

        first.Dispose();
        Assert.True(publisher.WaitFor(stats => stats.Subscribers == Limit - 1, Wait));
        using var third = Connect();
        Assert.True(publisher.WaitForSubscribers(Limit, Wait));
        Assert.Equal([2, 2], ReceiveOne(publisher, second, third, payload: 2));
    }

    [Fact]
    public void Subscribers_connecting_at_once_never_exceed_the_limit()
    {
        using var publisher = Publisher.Create(_fixture.Topic, TransportFixture.Contract, new PublisherOptions
        {
            MaxSubscribers = Limit,
            Log = _fixture.Log,
        });
        const int Connecting = 8;
        using var start = new Barrier(Connecting);
        var attempts = Enumerable.Range(0, Connecting).Select(_ => Task.Factory.StartNew(() =>
        {
            start.SignalAndWait();
            try
            {
                return Connect();
            }
            catch (TopicUnavailableException)
            {
                return null;
            }
        }, TaskCreationOptions.LongRunning)).ToArray();
        var admitted = attempts.Select(attempt => attempt.Result).OfType<Subscriber>().ToList();
        try
        {
            Assert.Equal(Limit, admitted.Count);
            // Connect returns once the publisher answered; it lists the subscriber on its own thread just after.
            Assert.True(publisher.WaitForSubscribers(Limit, Wait));
            Assert.Equal(Limit, publisher.SubscriberCount);
        }
        finally
        {
            admitted.ForEach(subscriber => subscriber.Dispose());
        }
    }

    // Eight handshakes at once on a loaded machine: a timed-out one would count as refused.
    private Subscriber Connect() =>
        Subscriber.Connect(_fixture.Topic, TransportFixture.Contract, new SubscriberOptions { Log = _fixture.Log, ConnectTimeout = Wait });

    /// <summary>Sends one byte and returns what each subscriber received.</summary>
    private static byte[] ReceiveOne(Publisher publisher, Subscriber a, Subscriber b, byte payload)
    {
        var loan = publisher.Loan(1);
        loan.Span[0] = payload;
        publisher.Send(loan);
        using var fromA = a.Receive(Wait) ?? throw new TimeoutException("The first subscriber received nothing.");
        using var fromB = b.Receive(Wait) ?? throw new TimeoutException("The second subscriber received nothing.");
        return [fromA.Span[0], fromB.Span[0]];
    }
}
