using Apache.Arrow;
using Apache.Arrow.Types;
using Ledger;
using Quiver.Interop.ApacheArrow;
using Quiver.Messages.Tests.Topics;
using Quiver.Transport;
using ApacheBatch = Apache.Arrow.RecordBatch;
using ApacheSchema = Apache.Arrow.Schema;

namespace Quiver.Messages.Tests.Interop;

/// <summary>
/// Decimals (decimal128 and decimal256), maps and dictionary-encoded strings between topics and
/// Apache.Arrow: handed over in place with their dictionaries, sent back from Apache.Arrow batches
/// with the dictionary batches the sample needs, and refused by field when a type differs.
/// </summary>
[Collection(TopicCollection.Name)]
public sealed class ApacheArrowNewTypesTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private readonly TopicFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public void A_received_sample_reaches_apache_arrow_in_place_with_its_decimals_maps_and_dictionaries()
    {
        using var publisher = _fixture.Publish<Entry>();
        using var subscriber = _fixture.Subscribe<Entry>();
        Assert.True(publisher.WaitForSubscribers(1, Wait));
        publisher.Send([NewTypesTests.Full(), NewTypesTests.Sparse()]);
        using var messages = subscriber.Receive(Wait)!;

        using var batch = messages.ToApacheArrow();

        Assert.Equal((18, 2), Decimal128(batch, "price"));
        Assert.Equal(12345678901234.56m, ((Decimal128Array)batch.Column("price")).GetValue(0));
        Assert.Equal(-0.01m, ((Decimal128Array)batch.Column("price")).GetValue(1));
        var huge = Assert.IsType<Decimal256Type>(batch.Schema.GetFieldByName("huge").DataType);
        Assert.Equal((60, 5), (huge.Precision, huge.Scale));
        Assert.Equal(NewTypesTests.Full().Huge.ToString(), Unscaled(((Decimal256Array)batch.Column("huge")).GetBytes(0)));
        var labelType = Assert.IsType<DictionaryType>(batch.Schema.GetFieldByName("label").DataType);
        Assert.IsType<Int32Type>(labelType.IndexType);
        Assert.IsType<StringType>(labelType.ValueType);
        Assert.Equal(["person", "person"], Strings((DictionaryArray)batch.Column("label")));
        Assert.Equal(["car", null], Strings((DictionaryArray)batch.Column("maybe_label")));
        Assert.Equal(["car", "person", "car", "€uro"], Strings((DictionaryArray)((ListArray)batch.Column("labels")).GetSlicedValues(0)));
        var attributes = (MapArray)batch.Column("attributes");
        Assert.IsType<MapType>(batch.Schema.GetFieldByName("attributes").DataType);
        Assert.Equal(
            new Dictionary<string, string> { ["hardware_id"] = "cam0", ["status"] = "" },
            attributes.GetKeyValuePairs<StringArray, string, StringArray, string>(0, (k, i) => k.GetString(i), (v, i) => v.GetString(i)).ToDictionary());
        Assert.Equal(0, attributes.GetValueLength(1));
        var buffers = batch.Arrays.SelectMany(array => Buffers(array.Data)).Where(buffer => !buffer.IsEmpty).ToList();
        Assert.Contains(buffers, buffer => Inside(buffer.Span, messages.Memory));
        Assert.All(buffers, buffer => Assert.True(Inside(buffer.Span, messages.Memory), "an Apache.Arrow buffer (dictionaries included) is not in the sample's shared memory"));
    }

    [Fact]
    public void Every_new_type_goes_through_apache_arrow_and_back_on_a_typed_topic()
    {
        using var publisher = _fixture.Publish<Entry>();
        using var subscriber = _fixture.Subscribe<Entry>();
        Assert.True(publisher.WaitForSubscribers(1, Wait));
        Entry.Value[] values = [NewTypesTests.Full(), NewTypesTests.Sparse()];

        publisher.Send(values);
        using (var received = subscriber.Receive(Wait)!)
        using (var batch = received.ToApacheArrow())
            publisher.Send(batch);

        using var back = subscriber.Receive(Wait)!;
        Assert.Equal(values.Length, back.Count);
        for (var i = 0; i < values.Length; i++)
            Assert.Equivalent(values[i], back[i].ToValue(), strict: true);
    }

    [Fact]
    public void An_untyped_subscriber_hands_decimals_maps_and_dictionaries_to_apache_arrow()
    {
        using var publisher = _fixture.Publish<Entry>();
        using var untyped = Topic.SubscribeUntyped(_fixture.Topic, new SubscriberOptions { Log = _fixture.Log });
        Assert.True(publisher.WaitForSubscribers(1, Wait));
        publisher.Send(NewTypesTests.Full());

        using var received = untyped.Receive(Wait)!;
        using var batch = received.ToApacheArrow();

        Assert.Equal(12345678901234.56m, ((Decimal128Array)batch.Column("price")).GetValue(0));
        Assert.Equal(["car", "person", "car", "€uro"], Strings((DictionaryArray)((ListArray)batch.Column("labels")).GetSlicedValues(0)));
        var keys = (StringArray)((MapArray)batch.Column("quotes")).Keys;
        Assert.Equal(["buy", "sell"], Enumerable.Range(0, keys.Length).Select(i => keys.GetString(i)).Order());
    }

    [Fact]
    public void The_schema_converts_to_apache_arrows_and_back_unchanged()
    {
        var apache = Entry.Schema.ToApacheArrow();

        Assert.Equal(Entry.Schema, ApacheArrowSchemas.FromApache(apache));
        Assert.Equal("ledger.Entry", apache.Metadata["quiver.message"]);
        var counts = Assert.IsType<MapType>(apache.GetFieldByName("counts").DataType);
        Assert.IsType<Int32Type>(counts.KeyField.DataType);
        Assert.True(counts.ValueField.IsNullable);
        var quotes = Assert.IsType<MapType>(apache.GetFieldByName("quotes").DataType);
        var quote = Assert.IsType<StructType>(quotes.ValueField.DataType);
        Assert.IsType<DictionaryType>(quote.GetFieldByName("currency").DataType);
    }

    [Fact]
    public void A_raw_topic_takes_an_apache_arrow_batch_with_dictionaries_as_one_sample_with_its_dictionary_batches()
    {
        var contract = Topic.ContractOf<Entry>();
        using var publisher = Transport.Publisher.Create(_fixture.Topic, contract, new PublisherOptions { Log = _fixture.Log });
        using var subscriber = Transport.Subscriber.Connect(_fixture.Topic, contract, new SubscriberOptions { Log = _fixture.Log });
        Assert.True(publisher.WaitForSubscribers(1, Wait));
        var full = NewTypesTests.Full();
        using var source = new[] { full }.ToBatch();

        using (var batch = ToApache(source.RecordBatch, Entry.Schema.ToApacheArrow()))
            publisher.Send(batch);

        using var sample = subscriber.Receive(Wait)!;
        using var received = new MessageBatch<Entry>(Arrow.Ipc.IpcMessageReader.ReadRecordBatch(Entry.Schema, sample.Memory));
        Assert.Equivalent(full, received[0].ToValue(), strict: true);
    }

    [Fact]
    public void A_batch_built_with_apache_arrows_own_arrays_sends_decimals_and_a_dictionary()
    {
        using var publisher = _fixture.Publish<Quote>();
        using var subscriber = _fixture.Subscribe<Quote>();
        Assert.True(publisher.WaitForSubscribers(1, Wait));
        var currency = new DictionaryType(Int32Type.Default, StringType.Default, false);
        var schema = QuoteSchema(new Decimal128Type(9, 2), currency);
        var amounts = new Decimal128Array.Builder(new Decimal128Type(9, 2)).Append(1.5m).Append(-2m).Append(9999999.99m).Build();
        var currencies = new DictionaryArray(currency, new Int32Array.Builder().AppendRange([1, 0, 1]).Build(), new StringArray.Builder().AppendRange(["EUR", "USD"]).Build());

        using (var batch = new ApacheBatch(schema, [amounts, currencies], 3))
            publisher.Send(batch);

        using var messages = subscriber.Receive(Wait)!;
        Assert.Equal([(1.5m, "USD"), (-2m, "EUR"), (9999999.99m, "USD")], messages.Select(q => (q.Amount, q.Currency)));
    }

    [Fact]
    public void A_decimal_or_dictionary_of_another_type_is_refused_naming_the_field_and_nothing_is_sent()
    {
        using var publisher = _fixture.Publish<Quote>();
        var amounts = new Decimal128Array.Builder(new Decimal128Type(9, 3)).Append(1.5m).Build();
        var narrow = new DictionaryType(Int8Type.Default, StringType.Default, false);
        var narrowCurrencies = new DictionaryArray(narrow, new Int8Array.Builder().Append(0).Build(), new StringArray.Builder().Append("EUR").Build());
        var currency = new DictionaryType(Int32Type.Default, StringType.Default, false);
        var currencies = new DictionaryArray(currency, new Int32Array.Builder().Append(0).Build(), new StringArray.Builder().Append("EUR").Build());
        using var otherScale = new ApacheBatch(QuoteSchema(new Decimal128Type(9, 3), currency), [amounts, currencies], 1);
        var twoDecimals = new Decimal128Array.Builder(new Decimal128Type(9, 2)).Append(1.5m).Build();
        using var otherIndices = new ApacheBatch(QuoteSchema(new Decimal128Type(9, 2), narrow), [twoDecimals, narrowCurrencies], 1);

        var scale = Assert.Throws<ArgumentException>(() => publisher.Send(otherScale));
        var indices = Assert.Throws<ArgumentException>(() => publisher.Send(otherIndices));

        Assert.StartsWith("The batch does not match ledger.Quote: field 'amount' is decimal128(9, 3) in the batch, decimal128(9, 2) in the schema.", scale.Message);
        Assert.StartsWith(
            "The batch does not match ledger.Quote: field 'currency' is dictionary<values=string, indices=int8, ordered=0> in the batch, dictionary<values=string, indices=int32, ordered=0> in the schema.",
            indices.Message);
        Assert.Equal(0L, publisher.GetStats().Sent);
        Assert.Equal(0, publisher.GetStats().Loaned);
    }

    private static ApacheSchema QuoteSchema(IArrowType amount, IArrowType currency) => new ApacheSchema.Builder()
        .Field(f => f.Name("amount").DataType(amount).Nullable(false))
        .Field(f => f.Name("currency").DataType(currency).Nullable(false))
        .Build();

    private static (int Precision, int Scale) Decimal128(ApacheBatch batch, string name)
    {
        var type = Assert.IsType<Decimal128Type>(batch.Schema.GetFieldByName(name).DataType);
        return (type.Precision, type.Scale);
    }

    private static string Unscaled(ReadOnlySpan<byte> littleEndian) => new System.Numerics.BigInteger(littleEndian, isUnsigned: false, isBigEndian: false).ToString();

    private static List<string?> Strings(DictionaryArray array) =>
        Enumerable.Range(0, array.Length)
            .Select(i => array.IsNull(i) ? null : ((StringArray)array.Dictionary).GetString(((Int32Array)array.Indices).GetValue(i)!.Value))
            .ToList();

    private static unsafe ApacheBatch ToApache(Arrow.RecordBatch batch, ApacheSchema schema)
    {
        var array = Apache.Arrow.C.CArrowArray.Create();
        try
        {
            Arrow.CData.CArrowArrayExporter.ExportRecordBatch(batch, (Arrow.CData.CArrowArray*)array, null);
            return Apache.Arrow.C.CArrowArrayImporter.ImportRecordBatch(array, schema);
        }
        finally
        {
            Apache.Arrow.C.CArrowArray.Free(array);
        }
    }

    private static IEnumerable<ArrowBuffer> Buffers(ArrayData data) =>
        data.Buffers.Concat((data.Children ?? []).Append(data.Dictionary).OfType<ArrayData>().SelectMany(Buffers));

    private static bool Inside(ReadOnlySpan<byte> inner, ReadOnlyMemory<byte> outer) =>
        outer.Span.Overlaps(inner, out int offset) && offset >= 0 && offset + inner.Length <= outer.Length;
}
