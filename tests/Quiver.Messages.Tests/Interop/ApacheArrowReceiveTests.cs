using Apache.Arrow;
using Quiver.Interop.ApacheArrow;
using Quiver.Messages.Tests.Topics;
using Quiver.Tests;
using Quiver.Transport;
using Vision;
using ApacheBatch = Apache.Arrow.RecordBatch;

namespace Quiver.Messages.Tests.Interop;

/// <summary>A received sample handed to Apache.Arrow: the same shared memory, released only after the last Apache.Arrow reference.</summary>
[Collection(TopicCollection.Name)]
public sealed class ApacheArrowReceiveTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private readonly TopicFixture _fixture = new();
    private readonly Publisher<Image> _publisher;
    private readonly Subscriber<Image> _subscriber;

    public ApacheArrowReceiveTests()
    {
        _publisher = Topic.Publish<Image>(_fixture.Topic, new PublisherOptions { Log = _fixture.Log, HeldWarningAfter = Timeout.InfiniteTimeSpan });
        _subscriber = Topic.Subscribe<Image>(_fixture.Topic, new SubscriberOptions { Log = _fixture.Log });
        Assert.True(_publisher.WaitForSubscribers(1, Wait));
    }

    public void Dispose()
    {
        _subscriber.Dispose();
        _publisher.Dispose();
        _fixture.Dispose();
    }

    [Fact]
    public void Every_buffer_of_the_apache_arrow_batch_is_in_the_sample_and_the_values_are_the_message()
    {
        ImageMessages.SendInPlace(_publisher, 100_000, 42);
        using var messages = _subscriber.Receive(Wait)!;

        using var batch = messages.ToApacheArrow();

        Assert.Equal(1, batch.Length);
        Assert.Equal(Image.Schema.Fields.Select(f => f.Name), batch.Schema.FieldsList.Select(f => f.Name));
        Assert.Equal("vision.Image", batch.Schema.Metadata["quiver.message"]);
        Assert.Equal(100_000u, ((UInt32Array)batch.Column("width")).GetValue(0));
        Assert.Equal("in-place", ((StringArray)batch.Column("frame_id")).GetString(0));
        var data = ((BinaryArray)batch.Column("data")).GetBytes(0);
        Assert.Equal(100_000, data.Length);
        Assert.True(data.IndexOfAnyExcept((byte)42) < 0);
        Assert.True(((StructArray)batch.Column("pose")).IsNull(0));
        var buffers = batch.Arrays.SelectMany(array => Buffers(array.Data)).Where(buffer => !buffer.IsEmpty).ToList();
        Assert.NotEmpty(buffers);
        Assert.All(buffers, buffer => Assert.True(Inside(buffer.Span, messages.Memory), "an Apache.Arrow buffer is not in the sample's shared memory"));
    }

    [Fact]
    public void The_sample_is_released_only_after_the_batch_and_every_share_of_it_are_disposed()
    {
        ImageMessages.SendInPlace(_publisher, 1000, 7);
        var messages = _subscriber.Receive(Wait)!;
        var batch = messages.ToApacheArrow();
        var share = batch.Column("data").Data.SliceShared(0, 1);

        messages.Dispose();
        Assert.Equal(0, _subscriber.Transport.DropTokensSent);
        batch.Dispose();
        Assert.Equal(0, _subscriber.Transport.DropTokensSent);
        Assert.Equal(1, _publisher.GetStats().InFlight);
        Assert.Equal(1000, new BinaryArray(share).GetBytes(0).Length);

        share.Dispose();
        Assert.Equal(1, _subscriber.Transport.DropTokensSent);
        Assert.True(_publisher.Transport.WaitForInFlight(0, Wait));
    }

    [Fact]
    public void A_batch_never_disposed_releases_the_sample_when_collected()
    {
        ImageMessages.SendInPlace(_publisher, 1000, 9);
        using (var messages = _subscriber.Receive(Wait)!)
            MakeAndDrop(messages);

        Assert.True(Finalizers.RunUntil(() => _subscriber.Transport.DropTokensSent == 1, Wait), "the collected Apache.Arrow batch did not release the sample");
        Assert.True(_publisher.Transport.WaitForInFlight(0, Wait));
    }

    [Fact]
    public void A_released_sample_cannot_be_handed_over()
    {
        ImageMessages.SendInPlace(_publisher, 10, 1);
        var messages = _subscriber.Receive(Wait)!;
        messages.Dispose();

        Assert.Throws<ObjectDisposedException>(() => messages.ToApacheArrow());
        Assert.Equal(1, _subscriber.Transport.DropTokensSent);
    }

    [Fact]
    public void An_untyped_subscriber_gets_the_publishers_schema_and_hands_its_batches_to_apache_arrow()
    {
        using var untyped = Topic.SubscribeUntyped(_fixture.Topic, new SubscriberOptions { Log = _fixture.Log });
        Assert.True(_publisher.WaitForSubscribers(2, Wait));
        Assert.Equal("vision.Image", untyped.MessageType);
        Assert.Equal(Image.Schema, untyped.Schema);

        ImageMessages.SendInPlace(_publisher, 500, 3);
        _subscriber.Receive(Wait)!.Dispose();
        var received = untyped.Receive(Wait)!;
        Assert.Equal(500u, ((Arrow.Arrays.PrimitiveArray<uint>)received.Batch.Column("width")).GetValue(0));
        var memory = received.Memory;
        using (var batch = received.ToApacheArrow())
        {
            received.Dispose();
            var data = ((BinaryArray)batch.Column("data")).GetBytes(0);
            Assert.True(data.IndexOfAnyExcept((byte)3) < 0 && data.Length == 500);
            Assert.True(Inside(data, memory));
            Assert.Equal(0, untyped.Transport.DropTokensSent);
        }
        Assert.Equal(1, untyped.Transport.DropTokensSent);
        Assert.True(_publisher.Transport.WaitForInFlight(0, Wait));
    }

    // Not inlined, so no reference to the batch is left in this frame when the collector runs.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void MakeAndDrop(ReceivedMessages<Image> messages) => Assert.Equal(1, messages.ToApacheArrow().Length);

    private static IEnumerable<ArrowBuffer> Buffers(ArrayData data) =>
        data.Buffers.Concat((data.Children ?? []).SelectMany(Buffers));

    private static bool Inside(ReadOnlySpan<byte> inner, ReadOnlyMemory<byte> outer) =>
        outer.Span.Overlaps(inner, out int offset) && offset >= 0 && offset + inner.Length <= outer.Length;
}
