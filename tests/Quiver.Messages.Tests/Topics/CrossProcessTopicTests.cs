using Quiver.Transport;
using Vision;

namespace Quiver.Messages.Tests.Topics;

/// <summary>Typed messages between real processes (Quiver.Topics.TestPeer).</summary>
[Collection(TopicCollection.Name)]
public sealed class CrossProcessTopicTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private readonly TopicFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public void Every_field_type_crosses_the_process_boundary_unchanged()
    {
        using var peer = new TopicPeer(_fixture.Directory, "publish-all-types", _fixture.Topic, "1");
        using var subscriber = Topic.Subscribe<AllTypes.AllTypes>(_fixture.Topic, new SubscriberOptions { Log = _fixture.Log });
        peer.Expect("SENT 4");

        AllTypes.AllTypes.Value[] rows = [AllTypesSamples.Minimum(), AllTypesSamples.Maximum(), AllTypesSamples.Nulls()];
        foreach (var (row, i) in rows.Select((row, i) => (row, i)))
        {
            using var messages = subscriber.Receive(Wait)!;
            ValueEquivalence.AssertEquivalent(row, messages.Message.ToValue(), $"sample {i}");
        }
        using (var batch = subscriber.Receive(Wait)!)
        {
            Assert.Equal(3, batch.Count);
            for (var i = 0; i < rows.Length; i++)
                ValueEquivalence.AssertEquivalent(rows[i], batch[i].ToValue(), $"batch row {i}");
        }
        peer.Expect("DONE");
        Assert.Equal(0, peer.Finish());
        Assert.Null(subscriber.Receive(Wait));
    }

    [Fact]
    public void Every_field_type_crosses_the_process_boundary_unchanged_through_leases()
    {
        using var peer = new TopicPeer(_fixture.Directory, "publish-all-types", _fixture.Topic, "1");
        using var subscriber = Topic.Subscribe<AllTypes.AllTypes>(_fixture.Topic, new SubscriberOptions { Log = _fixture.Log });
        peer.Expect("SENT 4");

        AllTypes.AllTypes.Value[] rows = [AllTypesSamples.Minimum(), AllTypesSamples.Maximum(), AllTypesSamples.Nulls()];
        var views = new List<AllTypes.AllTypes>();
        for (var i = 0; i < rows.Length; i++)
        {
            Assert.True(subscriber.TryTake(out var lease, Wait));
            using (lease)
            {
                views.Add(lease.Message);
                ValueEquivalence.AssertEquivalent(rows[i], lease.Message.ToValue(), $"sample {i}");
            }
        }
        Assert.True(subscriber.TryTake(out var batch, Wait));
        using (batch)
        {
            Assert.Equal(3, batch.Count);
            for (var i = 0; i < rows.Length; i++)
                ValueEquivalence.AssertEquivalent(rows[i], batch[i].ToValue(), $"batch row {i}");
        }
        // Every earlier view's message was released, though its slot was reused for the next one.
        Assert.All(views, view => Assert.Throws<ObjectDisposedException>(() => view.I32));
        peer.Expect("DONE");
        Assert.Equal(0, peer.Finish());
        Assert.False(subscriber.TryTake(out _, Wait));
        Assert.True(subscriber.IsCompleted);
    }

    [Fact]
    public void Eight_subscribers_read_in_place_and_a_sample_is_reused_only_after_all_of_them_released_it()
    {
        const int Subscribers = 8, DataLength = 300_000;
        using var publisher = Topic.Publish<Image>(_fixture.Topic, new PublisherOptions
        {
            Log = _fixture.Log,
            Pool = new SharedMemory.SampleAllocatorOptions { SegmentSize = 1 << 20, MaxSegments = 1 },
            WhenExhausted = ExhaustionPolicy.Throw,
            HeldWarningAfter = Timeout.InfiniteTimeSpan,
        });
        var peers = new List<TopicPeer>();
        try
        {
            for (var i = 0; i < Subscribers; i++)
                peers.Add(new TopicPeer(_fixture.Directory, "subscribe-image", _fixture.Topic));
            // Every peer said READY, so its Connect returned; a missing one was dropped afterwards, and the log says why.
            if (!publisher.WaitForSubscribers(Subscribers, Wait))
            {
                string log;
                lock (_fixture.Messages)
                    log = string.Join(" | ", _fixture.Messages);
                Assert.Fail($"{publisher.Transport.GetStats().Subscribers} of {Subscribers} subscribers listed. Publisher log: {log}. " +
                            $"Peers' stderr: {string.Join(" | ", peers.Select(peer => peer.StandardError))}");
            }

            var (slot, sequence) = ImageMessages.SendInPlace(publisher, DataLength, 17);
            foreach (var peer in peers)
            {
                var parts = peer.Expect($"SAMPLE {sequence} ").Split(' ');
                Assert.Equal(DataLength.ToString(), parts[2]);
                // Zero copy across processes: the subscriber's Data span lies in its read-only
                // shared mapping of the publisher's memfd segment.
                Assert.Equal("r--s", parts[3]);
                Assert.StartsWith("/memfd:", parts[4]);
            }

            int[] releaseOrder = [5, 0, 7, 2, 6, 1, 3, 4];
            foreach (var (index, released) in releaseOrder.Select((index, n) => (index, n + 1)))
            {
                if (released < Subscribers)
                {
                    peers[index].Release(sequence);
                    Assert.True(publisher.Transport.WaitFor(s => s.Outstanding.Single().HeldBy == Subscribers - released, Wait));
                    // Still held by someone: a new loan must not get the same memory.
                    using var loan = publisher.Loan(sizes => sizes.DeclareValueBytes("frame_id", "in-place".Length).DeclareValueBytes("data", DataLength));
                    Assert.NotEqual(slot, loan.Sample.Slot);
                }
                else
                {
                    peers[index].Release(sequence);
                }
            }
            Assert.True(publisher.Transport.WaitForInFlight(0, Wait));
            var (reused, _) = ImageMessages.SendInPlace(publisher, DataLength, 18);
            Assert.Equal(slot, reused);
            foreach (var peer in peers)
                peer.Expect("SAMPLE ");
        }
        finally
        {
            foreach (var peer in peers)
                peer.Dispose();
        }
    }
}
