using System.Collections.Concurrent;
using Quiver.SharedMemory;
using Quiver.Transport;

namespace Quiver.Runtime.Tests.Transport;

/// <summary>
/// <see cref="PublisherOptions.SubscriberLeft"/>: once per subscriber that leaves, with what it was
/// sent and what it still held (taken back by the publisher), however it left.
/// </summary>
[Collection(TransportCollection.Name)]
public sealed class SubscriberLeftTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private readonly TransportFixture _fixture = new();
    private readonly BlockingCollection<SubscriberStats> _departures = new();

    public void Dispose() => _fixture.Dispose();

    private Publisher CreatePublisher(Action<SubscriberStats> subscriberLeft) =>
        Publisher.Create(_fixture.Topic, TransportFixture.Contract, new PublisherOptions
        {
            Pool = new SampleAllocatorOptions { SegmentSize = 1 << 20, MaxSegments = 4 },
            HeldWarningAfter = Timeout.InfiniteTimeSpan,
            Log = _fixture.Log,
            SubscriberLeft = subscriberLeft,
        });

    private SubscriberStats NextDeparture()
    {
        Assert.True(_departures.TryTake(out var departure, Wait), "no subscriber was reported as gone");
        return departure;
    }

    [Fact]
    public void A_killed_subscriber_is_reported_with_what_it_received_and_what_was_taken_back()
    {
        using var publisher = CreatePublisher(_departures.Add);
        using var victim = PeerProcess.Subscriber(_fixture, autoRelease: false);
        Assert.True(publisher.WaitForSubscribers(1, Wait));
        var sequences = Enumerable.Range(0, 3).Select(_ => PatternedSamples.Send(publisher, 100)).ToList();
        foreach (var sequence in sequences)
            Assert.Equal(sequence, victim.ExpectSample(100));
        victim.Release(sequences[0]);
        Assert.True(publisher.WaitFor(s => s.InFlight == 2, Wait));

        victim.Kill();
        var departure = NextDeparture();
        Assert.Equal((victim.ProcessId, 3, 2, 0), (departure.ProcessId, departure.Received, departure.Holding, departure.Skipped));
        Assert.Equal(0, publisher.GetStats().InFlight);
        Assert.Empty(_departures);
    }

    [Fact]
    public void Subscribers_that_say_goodbye_or_are_left_by_the_publisher_are_reported_once_each()
    {
        var publisher = CreatePublisher(_departures.Add);
        try
        {
            using var leaving = Subscriber.Connect(_fixture.Topic, TransportFixture.Contract, new SubscriberOptions { Log = _fixture.Log });
            using var staying = Subscriber.Connect(_fixture.Topic, TransportFixture.Contract, new SubscriberOptions { Log = _fixture.Log });
            Assert.True(publisher.WaitForSubscribers(2, Wait));
            PatternedSamples.Send(publisher, 10);
            leaving.Receive(Wait)!.Dispose();
            using var held = staying.Receive(Wait);
            Assert.True(publisher.WaitFor(s => s.SubscriberDetails.Count(d => d.Holding == 0) == 1, Wait));
            leaving.Dispose();
            var gone = NextDeparture();
            Assert.Equal((1L, 0, 0L), (gone.Received, gone.Holding, gone.Skipped));

            publisher.Dispose();
            var left = NextDeparture();
            Assert.Equal((Environment.ProcessId, 1L, 1, 0L), (left.ProcessId, left.Received, left.Holding, left.Skipped));
            Assert.Empty(_departures);
        }
        finally
        {
            publisher.Dispose();
        }
    }

    [Fact]
    public void A_failing_callback_is_logged_and_the_subscriber_is_still_cleaned_up()
    {
        using var publisher = CreatePublisher(_ => throw new InvalidOperationException("callback broke"));
        using (var subscriber = Subscriber.Connect(_fixture.Topic, TransportFixture.Contract, new SubscriberOptions { Log = _fixture.Log }))
            Assert.True(publisher.WaitForSubscribers(1, Wait));
        Assert.Contains("callback broke", _fixture.WaitForLog("SubscriberLeft callback failed", Wait));
        Assert.True(publisher.WaitFor(s => s.Subscribers == 0, Wait));
        PatternedSamples.Send(publisher, 10);
        Assert.Equal(0, publisher.GetStats().InFlight);
    }
}
