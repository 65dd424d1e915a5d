using System.Numerics;
using Ledger;
using Quiver.Arrow.Arrays;
using Quiver.Arrow.Ipc;
using Quiver.Arrow.Types;

namespace Quiver.Messages.Tests;

/// <summary>
/// ledger.Entry: decimals (exact, decimal128 and decimal256), maps and dictionary-encoded strings
/// through the generated Value, writer, IPC message and typed view.
/// </summary>
public class NewTypesTests
{
    private static readonly BigInteger Huge = BigInteger.Parse("-1234567890123456789012345678901234567890123456789012345678");

    internal static Entry.Value Full() => new()
    {
        Price = 12345678901234.56m,
        MaybePrice = -0.0000000001m,
        Huge = Huge,
        MaybeHuge = BigInteger.Pow(10, 40) - 1,
        Label = "person",
        MaybeLabel = "car",
        Labels = ["car", "person", "car", "€uro"],
        Attributes = new() { ["hardware_id"] = "cam0", ["status"] = "" },
        Counts = new() { [1] = 10, [-2] = null },
        Quotes = new() { ["buy"] = new Quote.Value { Amount = 1.5m, Currency = "EUR" }, ["sell"] = new Quote.Value { Amount = -2m, Currency = "EUR" } },
        ByUnit = new() { [Unit.Kilogram] = [0.01m, 9999999.99m], [Unit.Count] = [] },
        Prices = [null, 3.25m],
        Nested = new() { ["a"] = new() { ["x"] = true }, ["b"] = new() },
    };

    internal static Entry.Value Sparse() => new()
    {
        Price = -0.01m,
        Huge = 0,
        Label = "person",
    };

    private static MessageBatch<Entry> ThroughIpc(params Entry.Value[] rows)
    {
        using var written = rows.ToBatch();
        var message = IpcMessageWriter.WriteRecordBatch(written.RecordBatch);
        return new MessageBatch<Entry>(IpcMessageReader.ReadRecordBatch(Entry.Schema, message));
    }

    [Fact]
    public void Every_new_type_reads_back_as_written_through_an_ipc_message()
    {
        using var batch = ThroughIpc(Full(), Sparse());
        var full = batch[0];
        Assert.Equal(12345678901234.56m, full.Price);
        Assert.Equal(-0.0000000001m, full.MaybePrice);
        Assert.Equal(Huge, full.Huge);
        Assert.Equal(BigInteger.Pow(10, 40) - 1, full.MaybeHuge);
        Assert.Equal("person", full.Label);
        Assert.Equal("person"u8.ToArray(), full.LabelUtf8.ToArray());
        Assert.Equal("car", full.MaybeLabel);
        Assert.Equal(["car", "person", "car", "€uro"], full.Labels.ToArray());
        Assert.True(full.Attributes.TryGetValue("hardware_id", out var hardware) && hardware == "cam0");
        Assert.False(full.Attributes.TryGetValue("missing", out _));
        Assert.Equal(2, full.Counts!.Value.Count);
        Assert.Null(full.Counts.Value.ToDictionary()[-2]);
        Assert.Equal("EUR", full.Quotes.ToDictionary()["sell"].Currency);
        Assert.Equal(-2m, full.Quotes.ToDictionary()["sell"].Amount);
        Assert.Equal([0.01m, 9999999.99m], full.ByUnit.ToDictionary()[Unit.Kilogram].ToArray());
        Assert.Equal([null, 3.25m], full.Prices.ToArray());
        Assert.True(full.Nested.ToDictionary()["a"].ToDictionary()["x"]);

        var sparse = batch[1];
        Assert.Equal(-0.01m, sparse.Price);
        Assert.Null(sparse.MaybePrice);
        Assert.False(sparse.HasMaybePrice);
        Assert.Null(sparse.MaybeHuge);
        Assert.Null(sparse.MaybeLabel);
        Assert.Null(sparse.Counts);
        Assert.Empty(sparse.Attributes);
    }

    [Fact]
    public void A_dictionary_column_under_null_messages_only_still_reads()
    {
        // maybe_quote is null in every row, so its currency column holds placeholder slots and no value.
        using var batch = ThroughIpc(Sparse(), Sparse());
        Assert.Null(batch[0].MaybeQuote);
        using var withQuote = ThroughIpc(Sparse() with { MaybeQuote = new Quote.Value { Amount = 3m, Currency = "USD" } }, Sparse());
        Assert.Equal("USD", withQuote[0].MaybeQuote!.Value.Currency);
        Assert.Null(withQuote[1].MaybeQuote);
    }

    [Fact]
    public void ToValue_copies_every_new_type()
    {
        using var batch = ThroughIpc(Full());
        var copy = batch[0].ToValue();
        var expected = Full();
        Assert.Equal(expected.Price, copy.Price);
        Assert.Equal(expected.Huge, copy.Huge);
        Assert.Equal(expected.Labels, copy.Labels);
        Assert.Equal(expected.Attributes, copy.Attributes);
        Assert.Equal(expected.Counts, copy.Counts);
        Assert.Equal(expected.Quotes["buy"], copy.Quotes["buy"]);
        Assert.Equal(expected.ByUnit[Unit.Kilogram], copy.ByUnit[Unit.Kilogram]);
        Assert.Equal(expected.Nested["a"], copy.Nested["a"]);
    }

    [Fact]
    public void Dictionary_columns_travel_with_one_dictionary_of_distinct_values()
    {
        using var batch = ThroughIpc(Full(), Sparse(), Sparse());
        var label = (DictionaryArray)batch.RecordBatch.Column("label");
        Assert.Equal(new DictionaryType(IntType.Int32, Utf8Type.Default), label.Type);
        Assert.Equal(1, label.Dictionary.Length);
        Assert.Equal([0L, 0L, 0L], Enumerable.Range(0, 3).Select(label.GetIndex));
        var labels = (DictionaryArray)((ListArray)batch.RecordBatch.Column("labels")).Values;
        Assert.Equal(3, labels.Dictionary.Length);
    }

    [Fact]
    public void The_schema_has_the_arrow_types_the_schema_language_documents()
    {
        Assert.Equal(new DecimalType(18, 2), Entry.Schema.Fields[0].Type);
        Assert.Equal(new DecimalType(60, 5, 256), Entry.Schema.Fields[2].Type);
        Assert.Equal(new MapType(Utf8Type.Default, Utf8Type.Default, valueNullable: false), Entry.Schema.Fields[7].Type);
        Assert.Equal("map<int32, int64>", Entry.Schema.Fields[8].Type.ToString());
        Assert.True(Entry.Schema.Fields[8].Nullable);
    }

    [Fact]
    public void A_decimal_with_more_digits_than_its_scale_or_precision_is_refused_not_rounded()
    {
        Assert.Throws<OverflowException>(() => new[] { Sparse() with { Price = 0.001m } }.ToBatch());
        Assert.Throws<OverflowException>(() => new[] { Sparse() with { Huge = BigInteger.Pow(10, 60) } }.ToBatch());
    }
}
