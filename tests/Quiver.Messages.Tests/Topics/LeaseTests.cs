using Quiver.Arrow;
using Quiver.Transport;
using Vision;

namespace Quiver.Messages.Tests.Topics;

/// <summary>
/// The zero-allocation receive path, <see cref="Subscriber{T}.TryTake"/> and
/// <see cref="MessageLease{T}"/>, within one process: values, release and slot reuse, stale
/// leases and views, many leases at once, the subscriber's dispose, refusals, allocations.
/// </summary>
[Collection(TopicCollection.Name)]
public sealed class LeaseTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private readonly TopicFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private static MessageLease<T> Take<T>(Subscriber<T> subscriber) where T : IMessage<T>
    {
        Assert.True(subscriber.TryTake(out var lease, Wait), "no sample arrived");
        return lease;
    }

    [Fact]
    public void Every_field_type_reads_back_as_sent_one_row_and_a_batch()
    {
        using var publisher = _fixture.Publish<AllTypes.AllTypes>();
        using var subscriber = _fixture.Subscribe<AllTypes.AllTypes>();
        Assert.True(publisher.WaitForSubscribers(1, Wait));
        AllTypes.AllTypes.Value[] rows = [AllTypesSamples.Minimum(), AllTypesSamples.Maximum(), AllTypesSamples.Nulls()];
        var sequences = rows.Select(row => publisher.Send(row)).ToList();
        sequences.Add(publisher.Send(rows));

        for (var i = 0; i < rows.Length; i++)
        {
            using var lease = Take(subscriber);
            Assert.Equal(sequences[i], lease.Sequence);
            Assert.Equal(1, lease.Count);
            ValueEquivalence.AssertEquivalent(rows[i], lease.Message.ToValue(), $"sample {i}");
        }
        using (var batch = Take(subscriber))
        {
            Assert.Equal(sequences[3], batch.Sequence);
            Assert.Equal(3, batch.Count);
            Assert.Throws<InvalidOperationException>(() => batch.Message);
            Assert.Throws<ArgumentOutOfRangeException>(() => batch[3]);
            for (var i = 0; i < rows.Length; i++)
                ValueEquivalence.AssertEquivalent(rows[i], batch[i].ToValue(), $"batch row {i}");
        }
        Assert.True(publisher.Transport.WaitForInFlight(0, Wait));
    }

    [Fact]
    public void Leases_read_each_sample_with_its_own_dictionaries()
    {
        using var publisher = _fixture.Publish<Ledger.Entry>();
        using var subscriber = _fixture.Subscribe<Ledger.Entry>();
        Assert.True(publisher.WaitForSubscribers(1, Wait));
        // The same lease slot's reader is rebound to samples whose dictionaries differ.
        string[] labels = ["person", "car", "person"];
        foreach (var label in labels)
            publisher.Send(new Ledger.Entry.Value { Price = 1m, Huge = 2, Label = label, Labels = [label, "x"], Attributes = new() { [label] = label } });

        foreach (var label in labels)
        {
            using var lease = Take(subscriber);
            var entry = lease.Message;
            Assert.Equal(label, entry.Label);
            Assert.Equal([label, "x"], entry.Labels.ToArray());
            Assert.Equal(label, entry.Attributes.ToDictionary()[label]);
            Assert.Equal(1m, entry.Price);
        }
        Assert.True(publisher.Transport.WaitForInFlight(0, Wait));
    }

    [Fact]
    public void A_stale_lease_and_its_views_throw_after_dispose_even_once_the_slot_holds_the_next_message()
    {
        using var publisher = _fixture.Publish<Image>();
        using var subscriber = _fixture.Subscribe<Image>();
        Assert.True(publisher.WaitForSubscribers(1, Wait));
        var first = ImageMessages.Value(100, 1) with { Pose = AllTypesSamples.Pose(1) };
        var second = ImageMessages.Value(3000, 2) with { Pose = AllTypesSamples.Pose(2) };
        publisher.Send(first);

        var lease = Take(subscriber);
        var copy = lease;
        var image = lease.Message;
        var pose = image.Pose!.Value;
        var labels = image.Labels;
        Assert.Equal(100u, image.Width);
        Assert.Equal("label 1", labels[1]);
        var slot = lease.Slot;

        copy.Dispose();
        var secondSequence = publisher.Send(second);
        using var next = Take(subscriber);

        // The premise: the later message was decoded into the very objects the old views read.
        Assert.Same(slot, next.Slot);
        Assert.Equal(secondSequence, next.Sequence);
        Assert.Equal(3000u, next.Message.Width);
        var stale = Assert.Throws<ObjectDisposedException>(() => image.Width);
        Assert.Contains("released", stale.Message);
        Assert.Throws<ObjectDisposedException>(() => image.Data.Length);
        Assert.Throws<ObjectDisposedException>(() => image.FrameId);
        Assert.Throws<ObjectDisposedException>(() => image.ToValue());
        Assert.Throws<ObjectDisposedException>(() => pose.Position.X);
        Assert.Throws<ObjectDisposedException>(() => labels[0]);
        foreach (var old in new[] { lease, copy })
        {
            Assert.True(old.IsReleased);
            Assert.Throws<ObjectDisposedException>(() => old.Count);
            Assert.Throws<ObjectDisposedException>(() => old.Message);
            Assert.Throws<ObjectDisposedException>(() => old[0]);
            Assert.Throws<ObjectDisposedException>(() => old.Sequence);
            Assert.Throws<ObjectDisposedException>(() => old.TimestampNanoseconds);
        }
        // Disposing a stale copy again must not release the slot's new lease.
        lease.Dispose();
        copy.Dispose();
        Assert.False(next.IsReleased);
        ValueEquivalence.AssertEquivalent(second, next.Message.ToValue(), "the slot's new message");
        Assert.True(publisher.Transport.WaitForInFlight(1, Wait));
        Assert.Equal(secondSequence, publisher.GetStats().Outstanding.Single().Sequence);
    }

    [Fact]
    public void Dispose_is_idempotent_and_releases_the_sample_once()
    {
        using var publisher = _fixture.Publish<Image>();
        using var subscriber = _fixture.Subscribe<Image>();
        Assert.True(publisher.WaitForSubscribers(1, Wait));
        publisher.Send(ImageMessages.Value(10, 1));
        var lease = Take(subscriber);
        Assert.Equal(1, publisher.GetStats().InFlight);

        lease.Dispose();
        lease.Dispose();

        Assert.True(publisher.Transport.WaitForInFlight(0, Wait));
        Assert.Equal(1, subscriber.Transport.DropTokensSent);
        Assert.Throws<ObjectDisposedException>(() => lease.Count);
        var none = default(MessageLease<Image>);
        Assert.True(none.IsReleased);
        none.Dispose();
        Assert.Throws<ObjectDisposedException>(() => none.Message);
    }

    [Fact]
    public void Leases_up_to_the_queue_depth_are_held_at_once_each_with_its_own_message()
    {
        const int Depth = 8;
        using var publisher = _fixture.Publish<Image>(queueDepth: Depth);
        using var subscriber = _fixture.Subscribe<Image>();
        Assert.True(publisher.WaitForSubscribers(1, Wait));
        var values = Enumerable.Range(0, Depth).Select(i => ImageMessages.Value(50 + i, (byte)i)).ToArray();
        foreach (var value in values)
            publisher.Send(value);

        var leases = Enumerable.Range(0, Depth).Select(_ => Take(subscriber)).ToArray();

        Assert.Equal(Depth, leases.Select(l => l.Slot).Distinct().Count());
        Assert.Equal(Depth, publisher.GetStats().InFlight);
        for (var i = 0; i < Depth; i++)
            ValueEquivalence.AssertEquivalent(values[i], leases[i].Message.ToValue(), $"lease {i}");
        foreach (var lease in leases)
            lease.Dispose();
        Assert.True(publisher.Transport.WaitForInFlight(0, Wait));

        // Released slots are reused rather than new ones made.
        publisher.Send(values[0]);
        using var again = Take(subscriber);
        Assert.Contains(again.Slot, leases.Select(l => l.Slot));
    }

    [Fact]
    public void Disposing_the_subscriber_releases_the_samples_leases_still_hold()
    {
        using var publisher = _fixture.Publish<Image>();
        var subscriber = _fixture.Subscribe<Image>();
        Assert.True(publisher.WaitForSubscribers(1, Wait));
        publisher.Send(ImageMessages.Value(10, 1));
        publisher.Send(ImageMessages.Value(20, 2));
        var held = Take(subscriber);
        var view = held.Message;
        var disposed = Take(subscriber);
        disposed.Dispose();
        Assert.True(publisher.Transport.WaitForInFlight(1, Wait));

        subscriber.Dispose();

        Assert.True(held.IsReleased);
        Assert.Throws<ObjectDisposedException>(() => held.Message);
        Assert.Throws<ObjectDisposedException>(() => view.Width);
        Assert.True(publisher.Transport.WaitFor(stats => stats.Subscribers == 0 && stats.InFlight == 0, Wait));
        Assert.Equal(0, publisher.GetStats().AllocatedBytes);
        held.Dispose();
        Assert.False(subscriber.TryTake(out var late, TimeSpan.Zero));
        Assert.True(late.IsReleased);
    }

    [Fact]
    public void TryTake_says_false_when_nothing_arrives_and_when_the_stream_has_ended()
    {
        var publisher = _fixture.Publish<Image>();
        using var subscriber = _fixture.Subscribe<Image>();
        Assert.True(publisher.WaitForSubscribers(1, Wait));

        Assert.False(subscriber.TryTake(out var nothing, TimeSpan.Zero));
        Assert.True(nothing.IsReleased);
        Assert.False(subscriber.IsCompleted);

        publisher.Send(ImageMessages.Value(10, 1));
        publisher.Dispose();
        using (var last = Take(subscriber))
            Assert.Equal(10u, last.Message.Width);
        Assert.False(subscriber.TryTake(out _, Wait));
        Assert.True(subscriber.IsCompleted);
        Assert.False(subscriber.TryTake(out _, Wait));
    }

    [Theory]
    [MemberData(nameof(TypedTopicTests.Lies), MemberType = typeof(TypedTopicTests))]
    public void A_sample_that_is_not_a_valid_message_faults_the_subscriber_as_Receive_does(string kind, string reason)
    {
        using var liar = Publisher.Create(_fixture.Topic, Topic.ContractOf<Image>(), new PublisherOptions { Log = _fixture.Log });
        using var subscriber = _fixture.Subscribe<Image>();
        Assert.True(liar.WaitForSubscribers(1, Wait));
        byte[] valid;
        using (var batch = ImageMessages.Value(300, 5).ToBatch())
            valid = Arrow.Ipc.IpcMessageWriter.WriteRecordBatch(batch.RecordBatch);
        liar.Publish(valid);
        liar.Publish(TypedTopicTests.Lie(kind, valid));
        liar.Publish(valid);

        using var first = Take(subscriber);
        var refused = Assert.Throws<ArrowFormatException>(() => subscriber.TryTake(out _, Wait));
        Assert.Contains($"Topic '{_fixture.Topic}': sample 2 from publisher pid {Environment.ProcessId} is not a valid vision.Image message", refused.Message);
        Assert.Contains(reason, refused.Message);
        Assert.Same(refused, subscriber.Fault);
        lock (_fixture.Messages)
            Assert.Contains(_fixture.Messages, m => m.Contains("is not a valid vision.Image message") && m.EndsWith("Disconnecting.", StringComparison.Ordinal));
        Assert.True(liar.WaitFor(stats => stats.Subscribers == 0 && stats.InFlight == 0, Wait));
        Assert.Same(refused, Assert.Throws<ArrowFormatException>(() => subscriber.TryTake(out _, Wait)));
        Assert.Same(refused, Assert.Throws<ArrowFormatException>(() => subscriber.Receive(Wait)));
        // What was handed out before stays readable.
        Assert.Equal(300, first.Message.Data.Length);
        Assert.Equal("camera/5", first.Message.FrameId);
    }

    [Fact]
    public void Receiving_through_leases_allocates_nothing_per_message_once_warm()
    {
        using var publisher = _fixture.Publish<Image>();
        using var subscriber = _fixture.Subscribe<Image>();
        Assert.True(publisher.WaitForSubscribers(1, Wait));
        Image.Value[] values = [ImageMessages.Value(64, 1), ImageMessages.Value(4096, 2) with { Pose = AllTypesSamples.Pose(3) }, ImageMessages.Value(0, 3)];

        double ReceiveOne()
        {
            if (!subscriber.TryTake(out var lease, Wait))
                throw new TimeoutException("no sample arrived");
            var image = lease.Message;
            var read = image.Width + image.Data.Length + image.Labels.Count + image.FrameIdUtf8.Length + (image.Pose is { } pose ? pose.Position.X : 0);
            lease.Dispose();
            return read;
        }

        // Each drop is applied by another thread that can lag a queue depth behind on a loaded
        // machine (the publisher then rightly skips); waiting for it, outside the measured window,
        // keeps this test about allocations.
        void SendOnceReleased(Image.Value value)
        {
            Assert.True(publisher.Transport.WaitForInFlight(0, Wait));
            publisher.Send(value);
        }

        for (var i = 0; i < 30; i++)
        {
            SendOnceReleased(values[i % values.Length]);
            ReceiveOne();
        }

        const int Messages = 300;
        long allocated = 0;
        var sum = 0.0;
        for (var i = 0; i < Messages; i++)
        {
            // Sending is the publisher's cost; only the receive is measured.
            SendOnceReleased(values[i % values.Length]);
            var before = GC.GetAllocatedBytesForCurrentThread();
            sum += ReceiveOne();
            allocated += GC.GetAllocatedBytesForCurrentThread() - before;
        }

        Assert.Equal(Enumerable.Range(0, Messages).Sum(i => Expected(values[i % values.Length])), sum);
        Assert.Equal(0, allocated);
    }

    private static double Expected(Image.Value value) =>
        value.Width + value.Data.Length + value.Labels.Length + System.Text.Encoding.UTF8.GetByteCount(value.FrameId) + (value.Pose?.Position.X ?? 0);
}
