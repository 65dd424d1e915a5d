using System.Globalization;
using System.Numerics;
using Quiver.Arrow;
using Quiver.Arrow.Types;
using Quiver.Interop.Tests.Tooling;

namespace Quiver.Interop.Tests.JavaScript;

/// <summary>The streams Quiver writes for apache-arrow to read: every type Quiver supports, with nulls, extremes and edge cases.</summary>
public static class QuiverStreamCases
{
    public static readonly IReadOnlyList<TestStream> All =
    [
        Primitives(), Strings(), Temporal(), Nested(), Sliced(), EmptyBatch(), NoBatches(), Large(), DecimalsMapsDictionaries(),
    ];

    public static TestStream Get(string name) => All.Single(s => s.Name == name);

    private static Field F(string name, ArrowType type, bool nullable = true) => new(name, type, nullable);

    private static ListType ListOf(ArrowType type) => new(F("item", type));

    // A list, never the params array itself, so V(V(x)) nests; V(Nil) is a list holding one null.
    private static List<object?> V(params object?[] values) => [.. values];

    private const object? Nil = null;

    private static TestStream Primitives() => new(
        "primitives",
        new Schema([
            F("nothing", NullType.Default),
            F("flag", BooleanType.Default),
            F("i8", IntType.Int8), F("i16", IntType.Int16), F("i32", IntType.Int32, nullable: false), F("i64", IntType.Int64),
            F("u8", IntType.UInt8), F("u16", IntType.UInt16), F("u32", IntType.UInt32), F("u64", IntType.UInt64),
            F("f16", FloatingPointType.Float16), F("f32", FloatingPointType.Float32), F("f64", FloatingPointType.Float64),
        ]),
        [
            new TestBatch([
                V(null, null, null, null, null, null, null, null, null, null),
                V(true, false, null, true, true, false, false, false, true, null),
                V(sbyte.MinValue, sbyte.MaxValue, null, (sbyte)0, (sbyte)-1, (sbyte)1, null, (sbyte)2, (sbyte)3, (sbyte)4),
                V(short.MinValue, short.MaxValue, (short)0, null, (short)-1, (short)1, (short)2, (short)3, (short)4, (short)5),
                V(int.MinValue, int.MaxValue, 0, -1, 1, 2, 3, 4, 5, 6),
                V(long.MinValue, long.MaxValue, 9_007_199_254_740_993L, null, -1L, 0L, 1L, 2L, 3L, 4L),
                V(byte.MinValue, byte.MaxValue, null, (byte)1, (byte)2, (byte)3, (byte)4, (byte)5, (byte)6, (byte)7),
                V(ushort.MinValue, ushort.MaxValue, (ushort)1, null, (ushort)2, (ushort)3, (ushort)4, (ushort)5, (ushort)6, (ushort)7),
                V(uint.MinValue, uint.MaxValue, 1u, 2u, null, 3u, 4u, 5u, 6u, 7u),
                V(ulong.MinValue, ulong.MaxValue, 12_345_678_901_234_567_890UL, null, 1UL, 2UL, 3UL, 4UL, 5UL, 6UL),
                V((Half)1.5, (Half)(-0.25), null, Half.MaxValue, Half.Epsilon, Half.NegativeInfinity, Half.NaN, (Half)0, -(Half)0, (Half)65504),
                V(1.5f, -3.25f, float.PositiveInfinity, null, float.NaN, float.MaxValue, float.Epsilon, -0f, 0f, 1e-20f),
                V(Math.PI, -0d, double.NaN, 1e-300, null, double.MaxValue, double.Epsilon, double.NegativeInfinity, 0.1, -123456789.125),
            ]),
            new TestBatch([
                V(Nil), V(Nil), V((sbyte)9), V((short)9), V(9), V(9L), V((byte)9), V((ushort)9), V(9u), V(9UL), V((Half)9), V(9f), V(9d),
            ]),
        ]);

    private static TestStream Strings() => new(
        "strings",
        new Schema([
            F("text", Utf8Type.Default),
            F("large_text", LargeUtf8Type.Default),
            F("blob", BinaryType.Default),
            F("large_blob", LargeBinaryType.Default),
            F("fixed", new FixedSizeBinaryType(4)),
        ]),
        [
            new TestBatch([
                V("", "ascii", null, "Grüße, 世界 🏹", "a\0b", "\u00e9\u0301 combining"),
                V("κόσμε", null, "", "x", "🏹🏹", new string('z', 300)),
                V(Array.Empty<byte>(), new byte[] { 0, 255, 16 }, null, new byte[] { 1 }, new byte[] { 0xde, 0xad, 0xbe, 0xef }, new byte[300]),
                V(new byte[] { 9 }, Array.Empty<byte>(), null, new byte[] { 0, 0 }, new byte[] { 255 }, new byte[] { 1, 2, 3 }),
                V(new byte[] { 1, 2, 3, 4 }, null, new byte[4], new byte[] { 255, 254, 253, 252 }, new byte[] { 9, 8, 7, 6 }, null),
            ]),
        ]);

    private static TestStream Temporal() => new(
        "temporal",
        new Schema([
            F("d32", DateType.Date32), F("d64", DateType.Date64),
            F("t32s", new TimeType(TimeUnit.Second, 32)), F("t32ms", new TimeType(TimeUnit.Millisecond, 32)),
            F("t64us", new TimeType(TimeUnit.Microsecond, 64)), F("t64ns", new TimeType(TimeUnit.Nanosecond, 64)),
            F("ts_s", new TimestampType(TimeUnit.Second)),
            F("ts_ms_offset", new TimestampType(TimeUnit.Millisecond, "+05:30")),
            F("ts_us_utc", new TimestampType(TimeUnit.Microsecond, "UTC")),
            F("ts_ns_new_york", new TimestampType(TimeUnit.Nanosecond, "America/New_York")),
            F("dur_s", new DurationType(TimeUnit.Second)), F("dur_ms", new DurationType(TimeUnit.Millisecond)),
            F("dur_us", new DurationType(TimeUnit.Microsecond)), F("dur_ns", new DurationType(TimeUnit.Nanosecond)),
        ]),
        [
            new TestBatch([
                V(0, 19_723, -1, null),
                V(0L, 1_704_067_200_000L, -86_400_000L, null),
                V(0, 86_399, null, 3_600),
                V(0, 86_399_999, 1, null),
                V(0L, 86_399_999_999L, null, 1L),
                V(0L, 86_399_999_999_999L, 5L, null),
                V(0L, -1L, 1_700_000_000L, null),
                V(1_700_000_000_123L, null, 0L, -5L),
                V(1_700_000_000_123_456L, 0L, null, long.MaxValue),
                V(1_700_000_000_123_456_789L, null, long.MinValue + 1, 1L),
                V(0L, -1L, null, 86_400L),
                V(1L, null, long.MinValue, 2L),
                V(null, 3L, 4L, 5L),
                V(long.MaxValue, 6L, null, 7L),
            ]),
        ]);

    private static TestStream Nested() => new(
        "nested",
        new Schema([
            F("ints", ListOf(IntType.Int32)),
            F("words", new LargeListType(F("item", Utf8Type.Default))),
            F("triples", new FixedSizeListType(F("item", IntType.Int16), 3)),
            F("record", new StructType([F("id", IntType.UInt32, nullable: false), F("name", Utf8Type.Default), F("scores", ListOf(FloatingPointType.Float64))])),
            F("points", ListOf(new StructType([F("x", FloatingPointType.Float32), F("label", Utf8Type.Default)]))),
            F("nested_lists", ListOf(ListOf(IntType.Int8))),
            F("deep", new StructType([F("inner", new StructType([F("on", BooleanType.Default)]))])),
        ]),
        [
            new TestBatch([
                V(V(1, 2, 3), V(), null, V(null, -4)),
                V(V("a", "bc"), null, V(), V("", null, "ü")),
                V(V((short)1, (short)2, (short)3), null, V(null, (short)-1, short.MaxValue), V((short)0, (short)0, (short)0)),
                V(V(1u, "one", V(1.5, -2.5)), null, V(2u, null, V()), V(3u, "", null)),
                V(V(V(1.5f, "a"), V(-2f, null)), V(), null, V(null, V(float.NaN, "ζ"))),
                V(V(V((sbyte)1), V(), null), null, V(), V(V((sbyte)2, (sbyte)3))),
                V(V(V(true)), V(V(Nil)), null, V(Nil)),
            ]),
        ]);

    private static TestStream Sliced() => new(
        "sliced",
        new Schema([
            F("flag", BooleanType.Default),
            F("i32", IntType.Int32),
            F("text", Utf8Type.Default),
            F("ints", ListOf(IntType.Int64)),
            F("pairs", new FixedSizeListType(F("item", IntType.UInt8), 2)),
            F("record", new StructType([F("a", IntType.Int16), F("b", Utf8Type.Default)])),
        ]),
        [
            // Offsets that are not multiples of 8 move validity and boolean bits off byte boundaries.
            new TestBatch([
                V(true, false, null, true, false, true, true, null, false, true, false, true),
                V(0, 1, null, 3, 4, null, 6, 7, 8, 9, 10, 11),
                V("zero", "one", "two", null, "", "five", "sechs", "7", null, "nine", "ten", "eleven"),
                V(V(0L), V(), null, V(3L, 3L, 3L), V(4L), V(5L, null), null, V(), V(8L), V(9L, 9L), V(), V(11L)),
                V(V((byte)0, (byte)0), null, V((byte)2, (byte)2), V((byte)3, null), V((byte)4, (byte)4), null,
                  V((byte)6, (byte)6), V((byte)7, (byte)7), V((byte)8, (byte)8), null, V((byte)10, (byte)10), V((byte)11, (byte)11)),
                V(V((short)0, "a"), null, V((short)2, "c"), V(null, "d"), V((short)4, null), V((short)5, "f"),
                  null, V((short)7, "h"), V((short)8, "i"), V((short)9, "j"), V((short)10, "k"), V((short)11, "l")),
            ], Offset: 3, Length: 7),
            new TestBatch([
                V(true, null, false), V(1, 2, 3), V("x", null, "z"), V(V(1L), null, V()), V(null, V((byte)1, (byte)2), V((byte)3, (byte)4)),
                V(V((short)1, "x"), V((short)2, "y"), null),
            ], Offset: 1),
        ]);

    private static DictionaryType Labels => new(IntType.Int32, Utf8Type.Default);

    private static BigInteger N(string digits) => BigInteger.Parse(digits, CultureInfo.InvariantCulture);

    // Two batches: the stream writer sends each batch's dictionaries, and replaces them for the second.
    private static TestStream DecimalsMapsDictionaries() => new(
        "decimals_maps_dictionaries",
        new Schema([
            F("price", new DecimalType(18, 2)),
            F("wide", new DecimalType(60, 5, 256)),
            F("attributes", new MapType(Utf8Type.Default, IntType.Int32)),
            F("label", Labels),
            F("labels", ListOf(Labels)),
        ]),
        [
            new TestBatch([
                V(N("12345"), N("-1"), null, N("999999999999999999"), N("0")),
                V(N("-123456789012345678901234567890123456789012345678901234567890"), null, N("1"), N("0"), N("-99999")),
                V(V(V("a", 1), V("b", null)), V(), null, V(V("a", -7)), V(V("", int.MaxValue))),
                V("person", "car", null, "person", "€uro"),
                V(V("x", null, "y"), null, V(), V("y"), V("x")),
            ]),
            new TestBatch([
                V(N("5")), V(N("7")), V(V(V("z", 0))), V("bicycle"), V(V("bicycle", "bicycle")),
            ]),
            // A window: offsets, indices and unscaled values are written from the slice's start.
            new TestBatch([
                V(N("1"), N("2"), N("3"), N("4")),
                V(N("1"), null, N("3"), N("4")),
                V(V(V("a", 1)), V(V("b", 2), V("c", 3)), null, V(V("d", 4))),
                V("w", "x", "y", null),
                V(V("p"), V("q", "r"), null, V()),
            ], Offset: 1, Length: 2),
        ]);

    private static TestStream EmptyBatch() => new(
        "empty_batch",
        new Schema([F("id", IntType.Int32), F("name", Utf8Type.Default), F("values", ListOf(IntType.Int64)), F("record", new StructType([F("a", IntType.Int32)]))]),
        [new TestBatch([V(), V(), V(), V()])]);

    private static TestStream NoBatches() => new(
        "no_batches",
        new Schema([F("id", IntType.Int32, nullable: false), F("name", Utf8Type.Default)]),
        []);

    private static TestStream Large()
    {
        var schema = new Schema([F("id", IntType.Int64, nullable: false), F("text", Utf8Type.Default), F("ints", ListOf(IntType.Int32))]);
        return new TestStream("large", schema, [LargeBatch(0, 5000), LargeBatch(5000, 3001)]);
    }

    private static TestBatch LargeBatch(int start, int count)
    {
        var rows = Enumerable.Range(start, count).ToList();
        return new TestBatch([
            rows.Select(i => (object?)((long)i * 1_000_003)).ToList(),
            rows.Select(i => i % 10 == 0 ? null : (object?)$"row {i} {new string('é', i % 7)}").ToList(),
            rows.Select(i => i % 13 == 0 ? null : (object?)Enumerable.Range(i, i % 5).Cast<object?>().ToList()).ToList(),
        ]);
    }
}
