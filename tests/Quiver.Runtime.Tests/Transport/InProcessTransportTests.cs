using Quiver.SharedMemory;
using Quiver.Transport;

namespace Quiver.Runtime.Tests.Transport;

[Collection(TransportCollection.Name)]
public sealed class InProcessTransportTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly TransportFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private PublisherOptions Options(int segmentSize = 4096, int maxSegments = 2, ExhaustionPolicy policy = ExhaustionPolicy.Throw) => new()
    {
        Pool = new SampleAllocatorOptions { SegmentSize = segmentSize, MaxSegments = maxSegments },
        WhenExhausted = policy,
        Log = _fixture.Log,
        BlockTimeout = TimeSpan.FromMilliseconds(200),
    };

    [Theory]
    [InlineData(NotificationPath.SharedMemoryRing)]
    [InlineData(NotificationPath.Socket)]
    public void A_subscriber_gets_every_sample_sent_once_Connect_has_returned(NotificationPath path)
    {
        using var publisher = Publisher.Create(_fixture.Topic, TransportFixture.Contract, Options());
        var subscribers = new List<Subscriber>();
        try
        {
            // No WaitForSubscribers: Connect returning is the promise under test, each time anew.
            for (int i = 1; i <= 16; i++)
            {
                var subscriber = Subscriber.Connect(_fixture.Topic, TransportFixture.Contract, new SubscriberOptions { Log = _fixture.Log, Notification = path });
                subscribers.Add(subscriber);
                Assert.Equal(i, publisher.SubscriberCount);
                ulong sequence = PatternedSamples.Send(publisher, 100);
                using var sample = subscriber.Receive(Wait)!;
                Assert.Equal(sequence, sample.Sequence);
            }
        }
        finally
        {
            subscribers.ForEach(subscriber => subscriber.Dispose());
        }
    }

    [Fact]
    public void Bytes_written_by_the_publisher_are_read_in_place_and_the_sample_is_reused_after_release()
    {
        using var publisher = Publisher.Create(_fixture.Topic, TransportFixture.Contract, Options());
        using var subscriber = Subscriber.Connect(_fixture.Topic, TransportFixture.Contract, new SubscriberOptions { Log = _fixture.Log });
        Assert.True(publisher.WaitForSubscribers(1, Wait));
        Assert.Equal("test.Bytes", subscriber.PublisherMessageType);
        Assert.Equal(new byte[] { 1, 2, 3 }, subscriber.PublisherSchema.ToArray());

        var loan = publisher.Loan(1000);
        var firstSlot = loan.Slot;
        for (int i = 0; i < loan.Length; i++)
            loan.Span[i] = (byte)(i * 3);
        var before = DateTimeOffset.UtcNow;
        ulong sequence = publisher.Send(loan);
        Assert.Throws<ObjectDisposedException>(() => loan.Memory);

        using (var sample = subscriber.Receive(Wait)!)
        {
            Assert.Equal(sequence, sample.Sequence);
            Assert.Equal(1000, sample.Length);
            Assert.InRange(sample.Timestamp, before, DateTimeOffset.UtcNow);
            for (int i = 0; i < sample.Length; i++)
                Assert.Equal((byte)(i * 3), sample.Span[i]);
            Assert.Equal(1, publisher.GetStats().InFlight);
        }

        // The drop token travels back; wait for it through the pool itself.
        Assert.True(publisher.WaitForInFlight(0, Wait));
        using var again = publisher.Loan(1000);
        Assert.Equal(firstSlot, again.Slot);
    }

    [Fact]
    public void A_fingerprint_mismatch_is_refused_naming_both_types()
    {
        using var publisher = Publisher.Create(_fixture.Topic, TransportFixture.Contract, Options());
        var other = new TopicContract("test.Other", 1, Array.Empty<byte>());
        var error = Assert.Throws<TopicUnavailableException>(() => Subscriber.Connect(_fixture.Topic, other));
        Assert.Contains("'test.Bytes'", error.Message);
        Assert.Contains("'test.Other'", error.Message);
        _fixture.WaitForLog("refused subscriber", Wait);
        Assert.Equal(0, publisher.SubscriberCount);
    }

    [Fact]
    public void Subscribing_without_a_publisher_says_so()
    {
        var error = Assert.Throws<TopicUnavailableException>(() => Subscriber.Connect(_fixture.Topic, TransportFixture.Contract));
        Assert.Contains("no publisher is running", error.Message);
    }

    [Fact]
    public void A_second_live_publisher_is_refused_and_the_socket_is_removed_on_dispose()
    {
        var publisher = Publisher.Create(_fixture.Topic, TransportFixture.Contract, Options());
        Assert.Equal([_fixture.Topic], RuntimeDirectory.Topics());
        var error = Assert.Throws<TopicUnavailableException>(() => Publisher.Create(_fixture.Topic, TransportFixture.Contract, Options()));
        Assert.Contains("already has a live publisher", error.Message);
        publisher.Dispose();
        Assert.Empty(_fixture.LeftOver());
        Assert.Empty(RuntimeDirectory.Topics());
    }

    [Fact]
    public void The_subscriber_sees_end_of_stream_when_the_publisher_leaves_and_keeps_its_samples()
    {
        var publisher = Publisher.Create(_fixture.Topic, TransportFixture.Contract, Options());
        using var subscriber = Subscriber.Connect(_fixture.Topic, TransportFixture.Contract, new SubscriberOptions { Log = _fixture.Log });
        Assert.True(publisher.WaitForSubscribers(1, Wait));
        var loan = publisher.Loan(4);
        "abcd"u8.CopyTo(loan.Span);
        publisher.Send(loan);
        var held = subscriber.Receive(Wait)!;
        publisher.Dispose();

        Assert.Null(subscriber.Receive(Wait));
        Assert.Equal("abcd"u8.ToArray(), held.Memory.ToArray());
        held.Dispose();
        Assert.Throws<ObjectDisposedException>(() => held.Memory);
    }

    [Fact]
    public void Exhaustion_under_Throw_names_the_topic_and_the_cause()
    {
        using var publisher = Publisher.Create(_fixture.Topic, TransportFixture.Contract, Options(4096, 1));
        using var full = publisher.Loan(4096);
        var error = Assert.Throws<PoolExhaustedException>(() => publisher.Loan(1));
        Assert.Contains(_fixture.Topic, error.Message);
    }

    [Fact]
    public void Concurrent_senders_reach_the_subscriber_in_sequence_order()
    {
        using var publisher = Publisher.Create(_fixture.Topic, TransportFixture.Contract, Options(1 << 20, 4, ExhaustionPolicy.Block) with { QueueDepth = 100_000 });
        using var subscriber = Subscriber.Connect(_fixture.Topic, TransportFixture.Contract, new SubscriberOptions { Log = _fixture.Log });
        Assert.True(publisher.WaitForSubscribers(1, Wait));
        const int threads = 4, perThread = 1000;
        var senders = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            for (int i = 0; i < perThread; i++)
                publisher.Publish([(byte)t, (byte)i]);
        })).ToList();
        senders.ForEach(s => s.Start());
        ulong previous = 0;
        for (int received = 0; received < threads * perThread; received++)
        {
            using var sample = subscriber.Receive(Wait)!;
            Assert.True(sample.Sequence > previous);
            previous = sample.Sequence;
        }
        senders.ForEach(s => s.Join());
        Assert.Null(subscriber.Fault);
        Assert.True(publisher.WaitForInFlight(0, Wait));
    }

    [Fact]
    public async Task A_subscriber_may_start_before_its_publisher()
    {
        var connecting = Task.Run(() => Subscriber.Connect(_fixture.Topic, TransportFixture.Contract,
            new SubscriberOptions { Log = _fixture.Log, WaitForPublisher = TimeSpan.FromSeconds(20) }));
        using var publisher = Publisher.Create(_fixture.Topic, TransportFixture.Contract, Options());
        using var subscriber = await connecting.WaitAsync(Wait);
        Assert.True(publisher.WaitForSubscribers(1, Wait));
        ulong sequence = publisher.Publish("hi"u8);
        using var sample = subscriber.Receive(Wait)!;
        Assert.Equal((sequence, "hi"), (sample.Sequence, System.Text.Encoding.UTF8.GetString(sample.Span)));
    }

    [Fact]
    public void Options_that_make_no_sense_are_refused_before_anything_is_created()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Publisher.Create(_fixture.Topic, TransportFixture.Contract, Options() with { QueueDepth = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Publisher.Create(_fixture.Topic, TransportFixture.Contract, Options() with { HeldWarningAfter = TimeSpan.FromSeconds(-1) }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Publisher.Create(_fixture.Topic, TransportFixture.Contract, Options() with { WhenExhausted = (ExhaustionPolicy)7 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Publisher.Create(_fixture.Topic, TransportFixture.Contract, Options() with { MaxPendingHandshakes = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Publisher.Create(_fixture.Topic, TransportFixture.Contract,
            Options() with { MaxPendingHandshakes = PublisherOptions.MaxPendingHandshakesLimit + 1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Publisher.Create(_fixture.Topic, TransportFixture.Contract,
            Options() with { Pool = new SampleAllocatorOptions { SegmentSize = 1 } }));
        Assert.Empty(_fixture.LeftOver());
    }

    [Fact]
    public void An_infinite_block_timeout_waits_for_the_release()
    {
        using var publisher = Publisher.Create(_fixture.Topic, TransportFixture.Contract,
            Options(4096, 1, ExhaustionPolicy.Block) with { BlockTimeout = Timeout.InfiniteTimeSpan });
        var first = publisher.Loan(4096);
        var waiting = new Thread(() => publisher.Loan(4096).Dispose());
        waiting.Start();
        first.Dispose();
        Assert.True(waiting.Join(Wait));
    }
}
