using Apache.Arrow;
using Apache.Arrow.Types;
using Geometry;
using Quiver.Interop.ApacheArrow;
using Quiver.Messages.Tests.Topics;
using Quiver.Transport;
using Vision;
using ApacheBatch = Apache.Arrow.RecordBatch;
using ApacheSchema = Apache.Arrow.Schema;

namespace Quiver.Messages.Tests.Interop;

/// <summary>Apache.Arrow batches sent on typed and raw topics: values arrive, mismatches are refused by name and send nothing.</summary>
[Collection(TopicCollection.Name)]
public sealed class ApacheArrowSendTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private readonly TopicFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private static ApacheSchema Vector3Schema(string x = "x", IArrowType? xType = null, bool nullable = false) => new ApacheSchema.Builder()
        .Field(f => f.Name(x).DataType(xType ?? DoubleType.Default).Nullable(nullable))
        .Field(f => f.Name("y").DataType(DoubleType.Default).Nullable(nullable))
        .Field(f => f.Name("z").DataType(DoubleType.Default).Nullable(nullable))
        .Build();

    private static DoubleArray Doubles(params double[] values) => new DoubleArray.Builder().AppendRange(values).Build();

    private static ApacheBatch Vectors(ApacheSchema schema) =>
        new(schema, [Doubles(1, 4, 7), Doubles(2, 5, 8), Doubles(3, 6, 9)], 3);

    [Fact]
    public void A_batch_with_the_messages_columns_arrives_as_its_rows()
    {
        using var publisher = Topic.Publish<Vector3>(_fixture.Topic, new PublisherOptions { Log = _fixture.Log });
        using var subscriber = Topic.Subscribe<Vector3>(_fixture.Topic, new SubscriberOptions { Log = _fixture.Log });
        Assert.True(publisher.WaitForSubscribers(1, Wait));

        // Built by hand the way an Apache.Arrow user does: nullable fields, no Quiver metadata.
        using (var batch = Vectors(Vector3Schema(nullable: true)))
            publisher.Send(batch);

        using var messages = subscriber.Receive(Wait)!;
        Assert.Equal([(1.0, 2.0, 3.0), (4.0, 5.0, 6.0), (7.0, 8.0, 9.0)], messages.Select(v => (v.X, v.Y, v.Z)));
    }

    [Fact]
    public void Sliced_columns_send_only_their_window()
    {
        using var publisher = Topic.Publish<Vector3>(_fixture.Topic, new PublisherOptions { Log = _fixture.Log });
        using var subscriber = Topic.Subscribe<Vector3>(_fixture.Topic, new SubscriberOptions { Log = _fixture.Log });
        Assert.True(publisher.WaitForSubscribers(1, Wait));
        var columns = new IArrowArray[] { Doubles(0, 1, 4, 7, 0), Doubles(0, 2, 5, 8, 0), Doubles(0, 3, 6, 9, 0) }
            .Select(column => (IArrowArray)new DoubleArray(column.Data.Slice(1, 3)))
            .ToList();

        using (var batch = new ApacheBatch(Vector3Schema(), columns, 3))
            publisher.Send(batch);

        using var messages = subscriber.Receive(Wait)!;
        Assert.Equal([(1.0, 2.0, 3.0), (4.0, 5.0, 6.0), (7.0, 8.0, 9.0)], messages.Select(v => (v.X, v.Y, v.Z)));
    }

    [Fact]
    public void The_apache_arrow_schema_of_a_message_type_sends_nested_lists_strings_and_nulls()
    {
        using var publisher = Topic.Publish<Image>(_fixture.Topic, new PublisherOptions { Log = _fixture.Log });
        using var subscriber = Topic.Subscribe<Image>(_fixture.Topic, new SubscriberOptions { Log = _fixture.Log });
        Assert.True(publisher.WaitForSubscribers(1, Wait));
        var value = ImageMessages.Value(dataLength: 300, seed: 5);

        // The batch an Apache.Arrow user would make from a received one: here, from the value's own.
        using (var source = value.ToBatch())
        using (var batch = ApacheArrowBatchesOf(source))
            publisher.Send(batch);

        using var messages = subscriber.Receive(Wait)!;
        ValueEquivalence.AssertEquivalent(value, messages.Message.ToValue(), "image");
    }

    [Fact]
    public void Every_schema_type_goes_through_apache_arrow_and_back_on_a_topic()
    {
        using var publisher = Topic.Publish<AllTypes.AllTypes>(_fixture.Topic, new PublisherOptions { Log = _fixture.Log });
        using var subscriber = Topic.Subscribe<AllTypes.AllTypes>(_fixture.Topic, new SubscriberOptions { Log = _fixture.Log });
        Assert.True(publisher.WaitForSubscribers(1, Wait));
        AllTypes.AllTypes.Value[] values = [AllTypesSamples.Minimum(), AllTypesSamples.Maximum(), AllTypesSamples.Nulls()];

        publisher.Send(values);
        using (var received = subscriber.Receive(Wait)!)
        using (var batch = received.ToApacheArrow())
            publisher.Send(batch);

        using var back = subscriber.Receive(Wait)!;
        Assert.Equal(values.Length, back.Count);
        for (var i = 0; i < values.Length; i++)
            ValueEquivalence.AssertEquivalent(values[i], back[i].ToValue(), $"row {i}");
    }

    [Fact]
    public void A_field_of_another_type_is_refused_naming_it_and_nothing_is_sent()
    {
        using var publisher = Topic.Publish<Vector3>(_fixture.Topic, new PublisherOptions { Log = _fixture.Log });
        var schema = Vector3Schema(xType: FloatType.Default);
        using var batch = new ApacheBatch(schema, [new FloatArray.Builder().AppendRange([1f, 2f, 3f]).Build(), Doubles(1, 2, 3), Doubles(1, 2, 3)], 3);

        var e = Assert.Throws<ArgumentException>(() => publisher.Send(batch));

        Assert.Equal("The batch does not match geometry.Vector3: field 'x' is float in the batch, double in the schema. (Parameter 'batch')", e.Message);
        Assert.Equal(0L, publisher.GetStats().Sent);
        Assert.Equal(0, publisher.GetStats().Loaned);
    }

    [Fact]
    public void A_renamed_or_missing_field_is_refused_naming_it()
    {
        using var publisher = Topic.Publish<Vector3>(_fixture.Topic, new PublisherOptions { Log = _fixture.Log });
        using var renamed = Vectors(Vector3Schema(x: "ex"));
        using var missing = new ApacheBatch(new ApacheSchema.Builder().Field(f => f.Name("x").DataType(DoubleType.Default)).Build(), [Doubles(1)], 1);

        var wrongName = Assert.Throws<ArgumentException>(() => publisher.Send(renamed));
        var tooFew = Assert.Throws<ArgumentException>(() => publisher.Send(missing));

        Assert.StartsWith("The batch does not match geometry.Vector3: field 'x' is named 'ex' in the batch.", wrongName.Message);
        Assert.StartsWith("The batch has 1 columns (x); geometry.Vector3 has 3 (x, y, z).", tooFew.Message);
        Assert.Equal(0L, publisher.GetStats().Sent);
    }

    [Fact]
    public void A_null_in_a_field_the_message_declares_not_nullable_is_refused_naming_it()
    {
        using var publisher = Topic.Publish<Vector3>(_fixture.Topic, new PublisherOptions { Log = _fixture.Log });
        var withNull = new DoubleArray.Builder().Append(1).AppendNull().Append(3).Build();
        using var batch = new ApacheBatch(Vector3Schema(nullable: true), [Doubles(1, 2, 3), withNull, Doubles(1, 2, 3)], 3);

        var e = Assert.Throws<ArgumentException>(() => publisher.Send(batch));

        Assert.StartsWith("The batch does not match geometry.Vector3: field 'y' is not nullable there, and the batch holds a null in it.", e.Message);
        Assert.Equal(0L, publisher.GetStats().Sent);
        Assert.Equal(0, publisher.GetStats().Loaned);
    }

    [Fact]
    public void A_raw_topic_takes_a_batch_of_its_announced_schema_as_one_ipc_message()
    {
        var contract = Topic.ContractOf<Vector3>();
        using var publisher = Transport.Publisher.Create(_fixture.Topic, contract, new PublisherOptions { Log = _fixture.Log });
        using var subscriber = Transport.Subscriber.Connect(_fixture.Topic, contract, new SubscriberOptions { Log = _fixture.Log });
        Assert.True(publisher.WaitForSubscribers(1, Wait));

        using (var batch = Vectors(Vector3Schema()))
            publisher.Send(batch);
        var wrong = Vectors(Vector3Schema(x: "ex"));
        Assert.Throws<ArgumentException>(() => publisher.Send(wrong));

        using var sample = subscriber.Receive(Wait)!;
        using var received = Arrow.Ipc.IpcMessageReader.ReadRecordBatch(Vector3.Schema, sample.Memory);
        Assert.Equal(3, received.Length);
        Assert.Equal([4.0, 5.0, 6.0], Enumerable.Range(0, 3).Select(i => ((Arrow.Arrays.PrimitiveArray<double>)received.Column(i)).GetValue(1)));
        Assert.Equal(1L, publisher.GetStats().Sent);
    }

    private static ApacheBatch ApacheArrowBatchesOf(MessageBatch<Image> batch)
    {
        // Through the C Data Interface with Apache.Arrow's own importer, as a user holding a
        // Quiver batch would; its schema is the message type's, converted by the interop.
        unsafe
        {
            var array = Apache.Arrow.C.CArrowArray.Create();
            try
            {
                MessageCData.ExportBatch(batch, (Arrow.CData.CArrowArray*)array);
                return Apache.Arrow.C.CArrowArrayImporter.ImportRecordBatch(array, Image.Schema.ToApacheArrow());
            }
            finally
            {
                Apache.Arrow.C.CArrowArray.Free(array);
            }
        }
    }
}
