using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Quiver.Arrow;
using Quiver.Arrow.CData;
using Quiver.Tests;
using Quiver.Transport;
using Vision;

namespace Quiver.Messages.Tests.Topics;

/// <summary>Typed publish/subscribe within one process: the send paths, release, C Data export, refusals.</summary>
[Collection(TopicCollection.Name)]
public sealed class TypedTopicTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private readonly TopicFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private static bool Inside(ReadOnlySpan<byte> inner, ReadOnlyMemory<byte> outer) =>
        outer.Span.Overlaps(inner, out int offset) && offset >= 0 && offset + inner.Length <= outer.Length;

    [Fact]
    public void The_contract_carries_the_generated_name_fingerprint_and_schema()
    {
        var contract = Topic.ContractOf<Image>();
        Assert.Equal("vision.Image", contract.MessageType);
        Assert.Equal(Image.Fingerprint, contract.Fingerprint.ToString("x16"));
        Assert.Equal(Image.Schema, Arrow.Ipc.IpcMessageReader.ReadSchema(contract.Schema));
        Assert.Equal(0x0123456789abcdefUL, Topic.ParseFingerprint("0123456789abcdef"));
        Assert.Throws<ArgumentException>(() => Topic.ParseFingerprint("0123"));
        Assert.Throws<ArgumentException>(() => Topic.ParseFingerprint("0123456789abcdeg"));
    }

    [Fact]
    public void A_message_written_in_place_is_read_in_place_and_released_by_dispose()
    {
        using var publisher = _fixture.Publish<Image>();
        using var subscriber = _fixture.Subscribe<Image>();
        Assert.True(publisher.WaitForSubscribers(1, Wait));

        var (_, sequence) = ImageMessages.SendInPlace(publisher, 100_000, 42);
        var messages = subscriber.Receive(Wait)!;
        Assert.Equal(sequence, messages.Sequence);
        var image = messages.Message;
        Assert.Equal(100_000u, image.Width);
        Assert.Equal("in-place", image.FrameId);
        Assert.Equal(DateTimeOffset.UnixEpoch.AddSeconds(42), image.StampAsDateTimeOffset);
        Assert.False(image.HasPose);
        Assert.Equal(100_000, image.Data.Length);
        Assert.True(image.Data.IndexOfAnyExcept((byte)42) < 0);
        Assert.True(Inside(image.Data, messages.Memory), "the payload is not read in the sample's shared memory");
        Assert.Equal(1, publisher.GetStats().InFlight);

        messages.Dispose();
        Assert.True(publisher.Transport.WaitForInFlight(0, Wait));
        Assert.Throws<ObjectDisposedException>(() => image.Width);
        Assert.Equal(0, publisher.GetStats().AllocatedBytes);
    }

    [Fact]
    public void Loans_declaring_the_sizes_of_the_previous_one_reuse_its_layout_and_every_message_of_one_reset_writer_reads_back()
    {
        using var publisher = _fixture.Publish<Image>();
        using var subscriber = _fixture.Subscribe<Image>();
        Assert.True(publisher.WaitForSubscribers(1, Wait));

        // Same sizes in a row share a layout (and its encoded prefix); the pose alternates, so the
        // null counts patched into that prefix change from message to message.
        int[] dataLengths = [100, 100, 100, 300, 300, 100];
        // One writer serves every loan, re-targeted with Reset, as a zero-allocation publisher does.
        var layouts = new List<Arrow.Builders.RecordBatchLayout>();
        Image.Writer? writer = null;
        for (var i = 0; i < dataLengths.Length; i++)
        {
            using var loan = publisher.Loan(sizes => sizes.DeclareValueBytes("frame_id", 1).DeclareValueBytes("data", dataLengths[i]));
            layouts.Add(loan.Layout);
            writer ??= new Image.Writer(loan.Layout, loan.Body);
            writer.Reset(loan.Layout, loan.Body);
            writer.Append(new Image.Value
            {
                Width = (uint)i,
                FrameId = "f",
                Data = Enumerable.Repeat((byte)i, dataLengths[i]).ToArray(),
                Pose = i % 2 == 0 ? null : new Geometry.Pose.Value { Position = new Geometry.Vector3.Value { X = i } },
            });
            publisher.Send(loan, writer.Finish());
        }
        Assert.Same(layouts[0], layouts[1]);
        Assert.Same(layouts[1], layouts[2]);
        Assert.NotSame(layouts[2], layouts[3]);
        Assert.Same(layouts[3], layouts[4]);
        Assert.NotSame(layouts[4], layouts[5]);
        Assert.Equal(layouts[0].BodyLength, layouts[5].BodyLength);

        for (var i = 0; i < dataLengths.Length; i++)
        {
            using var messages = subscriber.Receive(Wait)!;
            var image = messages.Message;
            Assert.Equal((uint)i, image.Width);
            Assert.Equal(dataLengths[i], image.Data.Length);
            Assert.True(image.Data.IndexOfAnyExcept((byte)i) < 0);
            Assert.Equal(i % 2 == 1, image.HasPose);
            Assert.Equal(i % 2 == 1 ? i : 0, image.Pose?.Position.X ?? 0);
        }
    }

    [Fact]
    public void Values_and_batches_of_values_are_sent_with_one_copy()
    {
        using var publisher = _fixture.Publish<Image>();
        using var subscriber = _fixture.Subscribe<Image>();
        Assert.True(publisher.WaitForSubscribers(1, Wait));

        Image.Value[] rows = [ImageMessages.Value(10, 1), ImageMessages.Value(0, 2), ImageMessages.Value(5000, 3)];
        publisher.Send(rows[0]);
        publisher.Send(rows);

        using (var one = subscriber.Receive(Wait)!)
            ValueEquivalence.AssertEquivalent(rows[0], one.Message.ToValue(), "single");
        using (var three = subscriber.Receive(Wait)!)
        {
            Assert.Equal(3, three.Count);
            Assert.Throws<InvalidOperationException>(() => three.Message);
            for (var i = 0; i < rows.Length; i++)
                ValueEquivalence.AssertEquivalent(rows[i], three[i].ToValue(), $"row {i}");
        }
        Assert.True(publisher.Transport.WaitForInFlight(0, Wait));
    }

    [Fact]
    public void Decimals_maps_and_dictionary_strings_travel_through_shared_memory_with_their_dictionaries_in_the_sample()
    {
        using var publisher = _fixture.Publish<Ledger.Entry>();
        using var subscriber = _fixture.Subscribe<Ledger.Entry>();
        Assert.True(publisher.WaitForSubscribers(1, Wait));

        Ledger.Entry.Value[] rows =
        [
            new() { Price = 1.25m, Huge = -7, Label = "person", Labels = ["a", "b", "a"], Attributes = new() { ["k"] = "v" } },
            new() { Price = 2m, Huge = 8, Label = "car", MaybeLabel = "person" },
        ];
        publisher.Send(rows);
        publisher.Send(rows[1]);

        using (var two = subscriber.Receive(Wait)!)
        {
            Assert.Equal(2, two.Count);
            Assert.Equal(["person", "car"], two.Select(e => e.Label));
            Assert.Equal("person", two[1].MaybeLabel);
            Assert.Equal(["a", "b", "a"], two[0].Labels.ToArray());
            Assert.Equal(1.25m, two[0].Price);
            Assert.Equal(-7, two[0].Huge);
            Assert.Equal("v", two[0].Attributes.ToDictionary()["k"]);
        }
        using (var one = subscriber.Receive(Wait)!)
            Assert.Equal("car", one.Message.Label);
        Assert.True(publisher.Transport.WaitForInFlight(0, Wait));
    }

    [Fact]
    public async Task The_async_enumerable_yields_every_message_then_ends_when_the_publisher_leaves()
    {
        var publisher = _fixture.Publish<Image>();
        await using var subscriber = _fixture.Subscribe<Image>();
        Assert.True(publisher.WaitForSubscribers(1, Wait));
        for (byte i = 0; i < 5; i++)
            publisher.Send(ImageMessages.Value(i * 100, i));
        publisher.Dispose();

        var seen = new List<string>();
        using var cancel = new CancellationTokenSource(Wait);
        await foreach (var messages in subscriber.ReadAllAsync(cancel.Token))
            using (messages)
                seen.Add(messages.Message.FrameId);
        Assert.Equal(["camera/0", "camera/1", "camera/2", "camera/3", "camera/4"], seen);
    }

    [Fact]
    public unsafe void A_C_Data_export_holds_the_sample_until_the_consumer_releases_it()
    {
        using var publisher = _fixture.Publish<Image>();
        using var subscriber = _fixture.Subscribe<Image>();
        Assert.True(publisher.WaitForSubscribers(1, Wait));
        publisher.Send(ImageMessages.Value(4096, 9));

        var array = (CArrowArray*)NativeMemory.AllocZeroed((nuint)sizeof(CArrowArray));
        try
        {
            var messages = subscriber.Receive(Wait)!;
            var sampleMemory = messages.Memory;
            messages.Export(array);
            messages.Dispose();
            Assert.Throws<ObjectDisposedException>(() => messages.Count);
            Assert.Equal(0, subscriber.Transport.DropTokensSent);
            Assert.Equal(1, publisher.GetStats().InFlight);

            // The consumer: reads the export (zero copy: still the shared memory), then releases it.
            using (var imported = MessageCData.ImportBatch<Image>(array))
            {
                var data = imported[0].Data;
                Assert.Equal(4096, data.Length);
                Assert.Equal(unchecked((byte)(100 * 7 + 9)), data[100]);
                Assert.True(Inside(data, sampleMemory), "the export copied the payload");
                Assert.Equal(1, publisher.GetStats().InFlight);
            }
            Assert.True(array->release == null);
            Assert.True(publisher.Transport.WaitForInFlight(0, Wait));
            Assert.Equal(1, subscriber.Transport.DropTokensSent);
        }
        finally
        {
            if (array->release != null)
                array->release(array);
            NativeMemory.Free(array);
        }
    }

    [Fact]
    public void A_loan_sends_only_the_batch_written_into_it_and_only_once()
    {
        using var publisher = _fixture.Publish<Image>();
        var cameraInfo = new Arrow.Builders.RecordBatchSizes(CameraInfo.Schema, 1).Plan();
        Assert.Contains("vision.Image", Assert.Throws<ArgumentException>(() => publisher.Loan(cameraInfo)).Message);

        using var first = publisher.Loan(s => s.DeclareValueBytes("data", 8));
        using var second = publisher.Loan(s => s.DeclareValueBytes("data", 8));
        var writer = new Image.Writer(second.Layout, second.Body);
        writer.Width.Append(1);
        writer.Height.Append(1);
        writer.Step.Append(8);
        writer.Encoding.Append(0);
        writer.Stamp.Append(0);
        writer.FrameId.Append("");
        writer.Data.AppendInPlace(8);
        writer.Labels.Append(0);
        writer.Pose.AppendNull();
        var finished = writer.Finish();
        Assert.Throws<ArgumentException>(() => publisher.Send(first, finished));
        publisher.Send(second, finished);
        Assert.Throws<ObjectDisposedException>(() => publisher.Send(second, finished));
        Assert.Equal(1, publisher.GetStats().Sent);
    }

    [Fact]
    public void TryReceive_does_not_block_and_hands_out_what_has_arrived()
    {
        using var publisher = _fixture.Publish<Image>();
        using var subscriber = _fixture.Subscribe<Image>();
        Assert.True(publisher.WaitForSubscribers(1, Wait));
        Assert.False(subscriber.TryReceive(out var nothing));
        Assert.Null(nothing);

        publisher.Send(ImageMessages.Value(16, 3));
        ReceivedMessages<Image>? messages = null;
        Assert.True(SpinWait.SpinUntil(() => subscriber.TryReceive(out messages), Wait));
        using (messages)
            Assert.Equal("camera/3", messages!.Message.FrameId);
        Assert.True(publisher.Transport.WaitForInFlight(0, Wait));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ReceiveAndForget(Subscriber<Image> subscriber) => Assert.NotNull(subscriber.Receive(Wait));

    [Fact]
    public void Messages_never_disposed_are_released_by_the_finalizer()
    {
        using var publisher = _fixture.Publish<Image>();
        using var subscriber = _fixture.Subscribe<Image>();
        Assert.True(publisher.WaitForSubscribers(1, Wait));
        publisher.Send(ImageMessages.Value(1000, 4));
        ReceiveAndForget(subscriber);
        Assert.Equal(1, publisher.GetStats().InFlight);

        Assert.True(Finalizers.RunUntil(() => publisher.GetStats().InFlight == 0, Wait));
    }

    [Fact]
    public void A_subscriber_of_another_message_type_is_refused_with_both_names()
    {
        using var publisher = _fixture.Publish<Image>();
        var refused = Assert.Throws<TopicUnavailableException>(() => _fixture.Subscribe<CameraInfo>());
        Assert.Contains("vision.Image", refused.Message);
        Assert.Contains("vision.CameraInfo", refused.Message);
        Assert.Equal(0, publisher.GetStats().Subscribers);
    }

    public static TheoryData<string, string> Lies => new()
    {
        { "another message type", "has 3 field nodes; its schema needs 19" },
        { "truncated body", "declares a body of 1536 bytes, only 1472 follow" },
        { "metadata length past the end", "bytes of metadata, only" },
        { "buffer outside the body", "buffer 15 ('data') covers 1099511627776 bytes" },
    };

    /// <summary>A valid Image message made into <paramref name="lie"/>.</summary>
    internal static byte[] Lie(string lie, byte[] valid)
    {
        switch (lie)
        {
            case "another message type":
                using (var batch = new Geometry.Vector3.Value { X = 1, Y = 2, Z = 3 }.ToBatch())
                    return Arrow.Ipc.IpcMessageWriter.WriteRecordBatch(batch.RecordBatch);
            case "truncated body":
                return valid[..(valid.Length - 64)];
            case "metadata length past the end":
                var longer = (byte[])valid.Clone();
                System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(longer.AsSpan(4), valid.Length);
                return longer;
            default:
                // The data column's 300 bytes, made to reach far past the body.
                var moved = (byte[])valid.Clone();
                int bodyLength = valid.Length - (8 + System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(valid.AsSpan(4)));
                // Buffer structs are {offset: i64, length: i64}, 8-byte aligned in the metadata; the data column's is the one of length 300.
                for (int at = 8; at + 16 <= valid.Length - bodyLength; at += 8)
                {
                    long offset = System.Buffers.Binary.BinaryPrimitives.ReadInt64LittleEndian(valid.AsSpan(at));
                    long length = System.Buffers.Binary.BinaryPrimitives.ReadInt64LittleEndian(valid.AsSpan(at + 8));
                    if (length > 0 && offset > 0 && offset + length <= bodyLength && length == 300)
                    {
                        System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(moved.AsSpan(at + 8), 1L << 40);
                        return moved;
                    }
                }
                throw new InvalidOperationException("The data buffer was not found in the metadata.");
        }
    }

    [Theory]
    [MemberData(nameof(Lies))]
    public void A_sample_that_is_not_a_valid_message_is_refused_logged_and_the_subscriber_disconnects(string kind, string reason)
    {
        // A publisher that claims vision.Image but sends something else as its second sample.
        using var liar = Publisher.Create(_fixture.Topic, Topic.ContractOf<Image>(), new PublisherOptions { Log = _fixture.Log });
        using var subscriber = _fixture.Subscribe<Image>();
        Assert.True(liar.WaitForSubscribers(1, Wait));
        byte[] valid;
        using (var batch = ImageMessages.Value(300, 5).ToBatch())
            valid = Arrow.Ipc.IpcMessageWriter.WriteRecordBatch(batch.RecordBatch);
        var lie = Lie(kind, valid);
        liar.Publish(valid);
        liar.Publish(lie);
        liar.Publish(valid);

        using var first = subscriber.Receive(Wait)!;
        var refused = Assert.Throws<ArrowFormatException>(() => subscriber.Receive(Wait));
        Assert.Contains($"Topic '{_fixture.Topic}': sample 2 from publisher pid {Environment.ProcessId} is not a valid vision.Image message", refused.Message);
        Assert.Contains(reason, refused.Message);
        Assert.IsAssignableFrom<ArrowFormatException>(refused.InnerException);
        Assert.Same(refused, subscriber.Fault);
        lock (_fixture.Messages)
            Assert.Contains(_fixture.Messages, m => m.Contains("is not a valid vision.Image message") && m.EndsWith("Disconnecting.", StringComparison.Ordinal));
        Assert.True(liar.WaitFor(stats => stats.Subscribers == 0 && stats.InFlight == 0, Wait));
        Assert.Same(refused, Assert.Throws<ArrowFormatException>(() => subscriber.Receive(Wait)));
        // What was handed out before stays readable.
        Assert.Equal(300, first.Message.Data.Length);
        Assert.Equal("camera/5", first.Message.FrameId);
    }
}
