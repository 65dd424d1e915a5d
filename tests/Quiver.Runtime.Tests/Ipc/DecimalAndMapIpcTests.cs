using System.Numerics;
using Quiver.Arrow;
using Quiver.Arrow.Arrays;
using Quiver.Arrow.Decimals;
using Quiver.Arrow.Ipc;
using Quiver.Arrow.Types;
using static Quiver.Runtime.Tests.Ipc.HandBuiltArrays;

namespace Quiver.Runtime.Tests.Ipc;

/// <summary>decimal128, decimal256 and map columns written to IPC and read back in place, and what the validator refuses in them.</summary>
public class DecimalAndMapIpcTests
{
    private static readonly MapType Tags = new(Utf8Type.Default, IntType.Int32);

    /// <summary>Two's-complement little-endian bytes of each unscaled value, computed here without Quiver's conversions.</summary>
    private static ArrayData Decimals(DecimalType type, params BigInteger?[] unscaled)
    {
        var width = type.BitWidth / 8;
        var data = new byte[unscaled.Length * width];
        for (var i = 0; i < unscaled.Length; i++)
        {
            var value = unscaled[i] ?? BigInteger.Zero;
            var bytes = value.ToByteArray(isUnsigned: false, isBigEndian: false);
            var fill = value.Sign < 0 ? (byte)0xFF : (byte)0;
            for (var b = 0; b < width; b++)
                data[i * width + b] = b < bytes.Length ? bytes[b] : fill;
        }
        var valid = unscaled.Select(v => v.HasValue).ToArray();
        return new ArrayData(type, unscaled.Length, valid.Count(v => !v), 0, [Validity(valid), data]);
    }

    private static RecordBatch RoundTrip(Schema schema, params ArrayData[] columns)
    {
        using var batch = new RecordBatch(schema, columns.Select(ArrowArrayFactory.Create), columns[0].Length);
        return IpcMessageReader.ReadRecordBatch(schema, IpcMessageWriter.WriteRecordBatch(batch));
    }

    [Fact]
    public void Decimal128And256RoundTripExactly()
    {
        var d128 = new DecimalType(38, 4);
        var d256 = new DecimalType(76, 10, 256);
        var big = BigInteger.Parse("-9999999999999999999999999999999999999999999999999999999999999999999999999999");
        var max128 = BigInteger.Pow(10, 38) - 1;
        var schema = new Schema([new Field("a", d128), new Field("b", d256)]);
        using var read = RoundTrip(schema, Decimals(d128, 12345, null, -max128), Decimals(d256, big, 0, null));

        var a = (DecimalArray)read.Column(0);
        Assert.Equal(["1.2345", null, "-" + max128.ToString()[..34] + "." + max128.ToString()[34..]], Enumerable.Range(0, 3).Select(a.GetText));
        Assert.Equal(1.2345m, a.GetDecimal(0));
        Assert.Throws<OverflowException>(() => a.GetDecimal(2));
        var b = (DecimalArray)read.Column(1);
        Assert.Equal(big, b.GetUnscaled(0));
        Assert.Equal("0.0000000000", b.GetText(1));
        Assert.Equal(32, b.GetBytes(0).Length);
    }

    [Theory]
    [InlineData("1.5", 2, "150")]
    [InlineData("-0.01", 2, "-1")]
    [InlineData("7", 0, "7")]
    [InlineData("1.2300", 2, "123")]
    public void DecimalsConvertExactlyToUnscaled(string value, int scale, string unscaled)
    {
        var parsed = decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(BigInteger.Parse(unscaled), DecimalValues.FromDecimal(parsed, scale));
        Assert.Equal(parsed, DecimalValues.ToDecimal(BigInteger.Parse(unscaled), scale));
    }

    [Fact]
    public void DecimalConversionsNeverRound()
    {
        Assert.Contains("does not round", Assert.Throws<OverflowException>(() => DecimalValues.FromDecimal(1.234m, 2)).Message);
        Assert.Throws<OverflowException>(() => DecimalValues.CheckPrecision(1000, 3));
        DecimalValues.CheckPrecision(999, 3);
        Assert.Equal("-0.05", DecimalValues.ToText(-5, 2));
        Assert.Equal("12300", DecimalValues.ToText(123, -2));
        Assert.Equal(12300m, DecimalValues.ToDecimal(123, -2));
    }

    [Fact]
    public void DecimalTypeRefusesPrecisionItCannotHold()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new DecimalType(39, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DecimalType(0, 0));
        Assert.Equal(256, DecimalType.Of(39, 2).BitWidth);
        Assert.Equal(128, DecimalType.Of(38, 2).BitWidth);
        Assert.Equal("decimal128(10, 2)", new DecimalType(10, 2).ToString());
    }

    private static ArrayData Map(string[][] keys, int?[][] values, bool[] valid)
    {
        var flatKeys = keys.SelectMany(k => k).ToArray();
        var flatValues = values.SelectMany(v => v).ToArray();
        var entries = Struct((StructType)Tags.EntriesField.Type, [Strings(flatKeys), Primitive<int>(IntType.Int32, flatValues)], flatKeys.Select(_ => true).ToArray());
        var lengths = keys.Select((k, i) => valid[i] ? (int?)k.Length : null).ToArray();
        var list = List(new ListType(new Field("item", IntType.Int32)), entries, lengths);
        return new ArrayData(Tags, list.Length, list.DeclaredNullCount, 0, list.Buffers, [entries]);
    }

    [Fact]
    public void MapRoundTripsWithEntriesInPlace()
    {
        var schema = new Schema([new Field("tags", Tags)]);
        using var read = RoundTrip(schema, Map([["a", "b"], [], ["c"]], [[1, null], [], [3]], [true, false, true]));
        var map = (MapArray)read.Column(0);
        Assert.Equal((0, 2), map.GetRange(0));
        Assert.True(map.IsNull(1));
        Assert.Equal("b", ((StringArray)map.Keys).GetString(1));
        Assert.True(map.Items.IsNull(1));
        Assert.Equal(3, ((PrimitiveArray<int>)map.Items).GetValue(2));
        Assert.Equal("map<string, int32>", map.Type.ToString());
    }

    [Fact]
    public void MapWithANullKeyOrEntryIsRefused()
    {
        var good = Map([["a", "b"]], [[1, 2]], [true]);
        var entries = good.Children[0];
        var nullKey = new ArrayData(Utf8Type.Default, 2, 1, 0, [new byte[] { 0b01 }, entries.Children[0].Buffers[1], entries.Children[0].Buffers[2]]);
        var withNullKey = new ArrayData(Tags, 1, 0, 0, good.Buffers, [new ArrayData(entries.Type, 2, 0, 0, entries.Buffers, [nullKey, entries.Children[1]])]);
        Assert.Contains("map keys cannot be null", Assert.Throws<ArrowFormatException>(() => ArrayDataValidator.Validate(withNullKey)).Message);

        var nullEntry = new ArrayData(entries.Type, 2, 1, 0, [new byte[] { 0b10 }], entries.Children);
        var withNullEntry = new ArrayData(Tags, 1, 0, 0, good.Buffers, [nullEntry]);
        Assert.Contains("map entries cannot be null", Assert.Throws<ArrowFormatException>(() => ArrayDataValidator.Validate(withNullEntry)).Message);
    }

    [Fact]
    public void MapTypeRefusesNullableKeysAndEntries()
    {
        var nullableKey = new Field("entries", new StructType([new Field("key", Utf8Type.Default), new Field("value", IntType.Int32)]), nullable: false);
        Assert.Contains("keys cannot be null", Assert.Throws<ArgumentException>(() => new MapType(nullableKey)).Message);
        var nullableEntries = new Field("entries", new StructType([new Field("key", Utf8Type.Default, nullable: false), new Field("value", IntType.Int32)]));
        Assert.Contains("entries cannot be null", Assert.Throws<ArgumentException>(() => new MapType(nullableEntries)).Message);
    }

    [Fact]
    public void DecimalAndMapSchemasRoundTripThroughSchemaMessages()
    {
        var schema = new Schema([
            new Field("price", new DecimalType(18, 2), nullable: false),
            new Field("wide", new DecimalType(60, 5, 256)),
            new Field("sorted", new MapType(new Field("entries", new StructType([new Field("k", IntType.Int64, nullable: false), new Field("v", new MapType(Utf8Type.Default, Utf8Type.Default))]), nullable: false), keysSorted: true)),
        ]);
        Assert.Equal(schema, IpcMessageReader.ReadSchema(IpcMessageWriter.WriteSchema(schema)));
    }
}
