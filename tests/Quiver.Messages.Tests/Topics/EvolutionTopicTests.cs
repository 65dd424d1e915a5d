using Quiver.Arrow;
using Quiver.Arrow.Ipc;
using Quiver.Arrow.Types;
using Quiver.Transport;
using Vision;

namespace Quiver.Messages.Tests.Topics;

/// <summary>
/// Publishers whose vision.Image schema is another version of the subscriber's, in one process:
/// compatible ones read through the column map (reordered columns, an extra column skipped, a
/// missing nullable column and a missing nested member read as null), through Receive and through
/// leases, without allocating on the lease path; refused ones on both sides with the offending
/// field; a compatible publisher that then sends another layout is refused per sample.
/// </summary>
[Collection(TopicCollection.Name)]
public sealed class EvolutionTopicTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private readonly TopicFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private static Evolved.Image.Value EvolvedImage(int dataLength, byte seed) => new()
    {
        FrameId = $"camera/{seed}",
        Width = (uint)dataLength,
        ExposureUs = 250,
        Height = 1,
        Step = (uint)dataLength,
        Encoding = Encoding.Bgr8,
        Stamp = 1_700_000_000_000_000_000 + seed,
        Data = Enumerable.Range(0, dataLength).Select(i => (byte)(i * 3 + seed)).ToArray(),
        Labels = ["left", $"label {seed}"],
        Pose = new Evolved.Pose.Value
        {
            Orientation = new Geometry.Quaternion.Value { X = 0.5, Y = 0.25, Z = 0.125, W = 1 },
            Position = new Geometry.Vector3.Value { X = seed, Y = -2, Z = 3.5 },
            Covariance = [1, 2, 3],
        },
    };

    private static void AssertReadAsVisionImage(Evolved.Image.Value sent, Image image)
    {
        Assert.Equal(sent.Width, image.Width);
        Assert.Equal(sent.Height, image.Height);
        Assert.Equal(sent.Step, image.Step);
        Assert.Equal(sent.Encoding, image.Encoding);
        Assert.Equal(sent.Stamp, image.Stamp);
        Assert.Equal(sent.FrameId, image.FrameId);
        Assert.Equal(sent.Data.ToArray(), image.Data.ToArray());
        Assert.Equal(sent.Labels, image.Labels.ToArray());
        var pose = Assert.NotNull(image.Pose);
        Assert.Equal(sent.Pose!.Position.X, pose.Position.X);
        Assert.Equal(sent.Pose.Position.Z, pose.Position.Z);
        Assert.Equal(sent.Pose.Orientation.Y, pose.Orientation.Y);
        Assert.Equal(sent.Pose.Orientation.W, pose.Orientation.W);
    }

    [Fact]
    public void The_two_versions_are_compatible_with_what_differs_listed_and_identical_to_themselves()
    {
        var comparison = SchemaEvolution.Compare(Evolved.Image.Schema, Image.Schema);
        Assert.Equal(SchemaVerdict.Compatible, comparison.Verdict);
        Assert.Null(comparison.Reason);
        Assert.Equal(
        [
            "field 'pose.covariance' is only in the publisher's schema: it is skipped",
            "the fields of 'pose' are in another order",
            "field 'exposure_us' is only in the publisher's schema: it is skipped",
            "the fields of the message are in another order",
        ], comparison.Differences);
        Assert.Equal(SchemaVerdict.Identical, SchemaEvolution.Compare(Image.Schema, Image.Schema).Verdict);
        // The rules are symmetric: the other way round is compatible too.
        Assert.Equal(SchemaVerdict.Compatible, SchemaEvolution.Compare(Image.Schema, Evolved.Image.Schema).Verdict);
    }

    [Fact]
    public void Equal_fingerprints_compare_nothing()
    {
        using var publisher = _fixture.Publish<Image>();
        using var subscriber = _fixture.Subscribe<Image>();
        Assert.Null(subscriber.Transport.SchemaEvolution);
    }

    [Fact]
    public void A_subscriber_reads_a_compatible_publishers_messages_through_Receive_and_leases()
    {
        using var publisher = new EvolvedPublisher<Evolved.Image>(_fixture, "vision.Image");
        using var subscriber = _fixture.Subscribe<Image>();
        Assert.True(publisher.Transport.WaitForSubscribers(1, Wait));
        Assert.Equal(SchemaVerdict.Compatible, subscriber.Transport.SchemaEvolution?.Verdict);
        var first = EvolvedImage(40, 1);
        var second = EvolvedImage(7, 2);
        publisher.Send(first);
        publisher.Send(second);

        using (var received = subscriber.Receive(Wait)!)
        {
            AssertReadAsVisionImage(first, received.Message);
            var copy = received.Message.ToValue();
            Assert.Equal(first.FrameId, copy.FrameId);
            Assert.Equal(first.Data.ToArray(), copy.Data.ToArray());
            Assert.Equal(first.Pose!.Orientation.Z, copy.Pose!.Orientation.Z);
        }
        Assert.True(subscriber.TryTake(out var lease, Wait));
        using (lease)
            AssertReadAsVisionImage(second, lease.Message);
    }

    [Fact]
    public void A_newer_subscriber_reads_the_fields_an_older_publisher_lacks_as_null()
    {
        using var publisher = new EvolvedPublisher<Image>(_fixture, "evolved.Image");
        using var subscriber = _fixture.Subscribe<Evolved.Image>();
        Assert.True(publisher.Transport.WaitForSubscribers(1, Wait));
        var sent = ImageMessages.Value(12, 4) with { Pose = AllTypesSamples.Pose(5) };
        publisher.Send(sent);
        publisher.Send(ImageMessages.Value(3, 6));

        Assert.True(subscriber.TryTake(out var lease, Wait));
        using (lease)
        {
            var image = lease.Message;
            Assert.Equal(sent.FrameId, image.FrameId);
            Assert.Equal(sent.Width, image.Width);
            Assert.Null(image.ExposureUs);
            Assert.False(image.HasExposureUs);
            var pose = Assert.NotNull(image.Pose);
            Assert.Equal(sent.Pose.Position.Y, pose.Position.Y);
            Assert.Equal(sent.Pose.Orientation.X, pose.Orientation.X);
            Assert.False(pose.HasCovariance);
            Assert.True(pose.Covariance.IsEmpty);
            Assert.Null(pose.ToValue().Covariance);
        }
        using var second = subscriber.Receive(Wait)!;
        Assert.Null(second.Message.Pose);
        Assert.Null(second.Message.ExposureUs);
        Assert.Equal("camera/6", second.Message.FrameId);
    }

    [Fact]
    public void A_nullable_field_the_publisher_removed_reads_as_null()
    {
        using var publisher = new EvolvedPublisher<Evolved.ImageWithoutPose>(_fixture, "vision.Image");
        using var subscriber = _fixture.Subscribe<Image>();
        Assert.True(publisher.Transport.WaitForSubscribers(1, Wait));
        // More rows than any all-null column made so far: the map makes a longer one.
        Evolved.ImageWithoutPose.Value Row(int i) => new() { FrameId = $"f{i}", Width = (uint)i, Labels = [], Data = new byte[i] };
        publisher.Send(Row(1));
        using (var batch = new[] { Row(2), Row(3), Row(4) }.ToBatch())
            publisher.Transport.Publish(IpcMessageWriter.WriteRecordBatch(batch.RecordBatch));

        using (var one = subscriber.Receive(Wait)!)
        {
            Assert.Null(one.Message.Pose);
            Assert.False(one.Message.HasPose);
            Assert.Equal("f1", one.Message.FrameId);
        }
        using var three = subscriber.Receive(Wait)!;
        Assert.Equal(3, three.Count);
        Assert.All(three, image => Assert.False(image.HasPose));
        Assert.Equal(["f2", "f3", "f4"], three.Select(image => image.FrameId));
        Assert.Equal([2u, 3u, 4u], three.Select(image => image.Width));
    }

    [Fact]
    public void An_incompatible_publisher_is_refused_on_both_sides_naming_the_field()
    {
        // vision.Image with width widened to uint64: a type change.
        var fields = Image.Schema.Fields.Select(f => f.Name == "width" ? new Field("width", new IntType(64, false), nullable: false) : f);
        var schema = new Schema(fields);
        using var publisher = Publisher.Create(_fixture.Topic, new TopicContract("vision.Image", 0x1234, IpcMessageWriter.WriteSchema(schema)),
            new PublisherOptions { Log = _fixture.Log });

        var refused = Assert.Throws<TopicUnavailableException>(() => _fixture.Subscribe<Image>());
        const string Reason = "and the schemas are not compatible: field 'width' is uint64 in the publisher's schema but uint32 in the subscriber's; a field's type cannot change.";
        Assert.EndsWith(Reason, refused.Message);
        Assert.Contains($"carries 'vision.Image' (fingerprint 0000000000001234) but the subscriber expects 'vision.Image' (fingerprint {Image.Fingerprint})", refused.Message);
        Assert.True(publisher.WaitFor(stats => stats.Subscribers == 0, Wait));
        lock (_fixture.Messages)
            Assert.Contains(_fixture.Messages, m => m.Contains("refused subscriber pid") && m.EndsWith(Reason, StringComparison.Ordinal));
    }

    [Fact]
    public void A_compatible_publisher_that_sends_another_layout_is_refused_per_sample()
    {
        using var liar = new EvolvedPublisher<Evolved.Image>(_fixture, "vision.Image");
        using var subscriber = _fixture.Subscribe<Image>();
        Assert.True(liar.Transport.WaitForSubscribers(1, Wait));
        liar.Send(EvolvedImage(5, 1));
        // A batch in the subscriber's own layout, which is not what this publisher announced.
        using (var batch = ImageMessages.Value(5, 2).ToBatch())
            liar.Transport.Publish(IpcMessageWriter.WriteRecordBatch(batch.RecordBatch));

        Assert.True(subscriber.TryTake(out var first, Wait));
        var refused = Assert.Throws<ArrowFormatException>(() => subscriber.TryTake(out _, Wait));
        Assert.Contains("sample 2 from publisher pid", refused.Message);
        Assert.Contains("is not a valid vision.Image message", refused.Message);
        Assert.Same(refused, subscriber.Fault);
        Assert.True(liar.Transport.WaitFor(stats => stats.Subscribers == 0, Wait));
        using (first)
            Assert.Equal("camera/1", first.Message.FrameId);
    }

    [Fact]
    public void Receiving_from_a_compatible_publisher_through_leases_allocates_nothing_once_warm()
    {
        using var publisher = new EvolvedPublisher<Evolved.ImageWithoutPose>(_fixture, "vision.Image");
        using var subscriber = _fixture.Subscribe<Image>();
        Assert.True(publisher.Transport.WaitForSubscribers(1, Wait));
        Evolved.ImageWithoutPose.Value[] values =
        [
            new() { FrameId = "a", Width = 64, Data = new byte[64], Labels = ["x"] },
            new() { FrameId = "bb", Width = 4096, Data = new byte[4096], Labels = ["x", "y"] },
        ];
        var samples = values.Select(value =>
        {
            using var batch = value.ToBatch();
            return IpcMessageWriter.WriteRecordBatch(batch.RecordBatch);
        }).ToArray();

        double ReceiveOne()
        {
            if (!subscriber.TryTake(out var lease, Wait))
                throw new TimeoutException("no sample arrived");
            var image = lease.Message;
            var read = image.Width + image.Data.Length + image.Labels.Count + image.FrameIdUtf8.Length + (image.Pose is { } pose ? pose.Position.X : 0) + (image.HasPose ? 1 : 0);
            lease.Dispose();
            return read;
        }

        void SendOnceReleased(int i)
        {
            Assert.True(publisher.Transport.WaitForInFlight(0, Wait));
            publisher.Transport.Publish(samples[i % samples.Length]);
        }

        for (var i = 0; i < 30; i++)
        {
            SendOnceReleased(i);
            ReceiveOne();
        }
        const int Messages = 300;
        long allocated = 0;
        var sum = 0.0;
        for (var i = 0; i < Messages; i++)
        {
            SendOnceReleased(i);
            var before = GC.GetAllocatedBytesForCurrentThread();
            sum += ReceiveOne();
            allocated += GC.GetAllocatedBytesForCurrentThread() - before;
        }

        Assert.Equal(Enumerable.Range(0, Messages).Sum(i => values[i % 2].Width + values[i % 2].Data.Length + values[i % 2].Labels.Length + values[i % 2].FrameId.Length), sum);
        Assert.Equal(0, allocated);
    }
}
