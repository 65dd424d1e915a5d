using System.Text;
using Quiver.Arrow;
using Quiver.Arrow.Types;
using static Quiver.Runtime.Tests.Ipc.HandBuiltArrays;

namespace Quiver.Runtime.Tests.Ipc;

/// <summary>One column of every supported type, 10 rows each, with the plain values it must read back as.</summary>
internal static class SampleColumns
{
    public const int Rows = 10;

    public sealed record Column(Field Field, ArrayData Data, List<object?> Expected);

    private static List<object?> L(params object?[] values) => [.. values];

    public static Column[] All()
    {
        var columns = new List<Column>();
        void Add(string name, ArrayData data, List<object?> expected) => columns.Add(new Column(new Field(name, data.Type), data, expected));

        Add("null", Nulls(Rows), Enumerable.Repeat<object?>(null, Rows).ToList());
        Add("bool", Bools(true, false, null, true, true, false, null, false, true, true),
            L(true, false, null, true, true, false, null, false, true, true));
        Add("int8", Primitive<sbyte>(IntType.Int8, 1, -2, null, 4, sbyte.MinValue, 6, 7, null, 9, sbyte.MaxValue),
            L((sbyte)1, (sbyte)-2, null, (sbyte)4, sbyte.MinValue, (sbyte)6, (sbyte)7, null, (sbyte)9, sbyte.MaxValue));
        Add("uint16", Primitive<ushort>(IntType.UInt16, 0, 1, 2, 3, 4, 5, 6, 7, 8, ushort.MaxValue),
            L((ushort)0, (ushort)1, (ushort)2, (ushort)3, (ushort)4, (ushort)5, (ushort)6, (ushort)7, (ushort)8, ushort.MaxValue));
        Add("int32", Primitive<int>(IntType.Int32, 10, null, 30, null, 50, 60, 70, 80, null, -100),
            L(10, null, 30, null, 50, 60, 70, 80, null, -100));
        Add("uint64", Primitive<ulong>(IntType.UInt64, ulong.MaxValue, 1, 2, 3, 4, 5, 6, 7, 8, 9),
            L(ulong.MaxValue, 1UL, 2UL, 3UL, 4UL, 5UL, 6UL, 7UL, 8UL, 9UL));
        Add("half", Primitive<Half>(FloatingPointType.Float16, (Half)1.5, null, (Half)(-2), (Half)0, (Half)1, (Half)2, (Half)3, (Half)4, (Half)5, (Half)6),
            L((Half)1.5, null, (Half)(-2), (Half)0, (Half)1, (Half)2, (Half)3, (Half)4, (Half)5, (Half)6));
        Add("double", Primitive<double>(FloatingPointType.Float64, 0.5, 1.5, 2.5, null, 4.5, 5.5, 6.5, 7.5, 8.5, double.NaN),
            L(0.5, 1.5, 2.5, null, 4.5, 5.5, 6.5, 7.5, 8.5, double.NaN));
        Add("date32", Primitive<int>(DateType.Date32, 0, 1, -1, 19000, null, 5, 6, 7, 8, 9), L(0, 1, -1, 19000, null, 5, 6, 7, 8, 9));
        Add("time64", Primitive<long>(new TimeType(TimeUnit.Nanosecond, 64), 1, 2, 3, 4, 5, 6, 7, 8, 9, null), L(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, null));
        Add("timestamp", Primitive<long>(new TimestampType(TimeUnit.Microsecond, "UTC"), null, 2, 3, 4, 5, 6, 7, 8, 9, 10), L(null, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L));
        Add("duration", Primitive<long>(new DurationType(TimeUnit.Second), -1, 2, 3, 4, 5, 6, 7, 8, 9, 10), L(-1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L));

        string?[] words = ["alpha", "", null, "δέλτα", "e", "ff", null, "ggg", "hhhh", "i"];
        Add("utf8", Strings(words), L(words));
        Add("large_utf8", Binary(LargeUtf8Type.Default, words.Select(w => w is null ? null : Encoding.UTF8.GetBytes(w)).ToArray()), L(words));
        byte[]?[] blobs = [[1], [], null, [2, 3], [4, 5, 6], null, [7], [8, 9], [], [255]];
        Add("binary", Binary(BinaryType.Default, blobs), L(blobs.Select(b => (object?)(b is null ? null : Convert.ToHexString(b))).ToArray()));
        Add("large_binary", Binary(LargeBinaryType.Default, blobs), L(blobs.Select(b => (object?)(b is null ? null : Convert.ToHexString(b))).ToArray()));
        byte[]?[] triples = Enumerable.Range(0, Rows).Select(i => i % 4 == 1 ? null : new byte[] { (byte)i, (byte)(i * 2), (byte)(i * 3) }).ToArray();
        Add("fsb3", FixedSizeBinary(3, triples), L(triples.Select(b => (object?)(b is null ? null : Convert.ToHexString(b))).ToArray()));

        // list<int32>: lengths 0..3 cycling, every fourth null.
        int?[] lengths = [2, null, 0, 3, 1, 2, null, 1, 0, 2];
        var childValues = Enumerable.Range(0, lengths.Sum(l => l ?? 0)).Select(v => (int?)(v % 5 == 4 ? null : v * 11)).ToArray();
        var listExpected = new List<object?>();
        var at = 0;
        foreach (var length in lengths)
        {
            listExpected.Add(length is null ? null : childValues.Skip(at).Take(length.Value).Select(v => (object?)v).ToList());
            at += length ?? 0;
        }
        var itemField = new Field("item", IntType.Int32);
        Add("list", List(new ListType(itemField), Primitive<int>(IntType.Int32, childValues), lengths), listExpected);
        Add("large_list", List(new LargeListType(itemField), Primitive<int>(IntType.Int32, childValues), lengths), listExpected);

        // fixed_size_list<utf8>[2]
        var pairType = new FixedSizeListType(new Field("s", Utf8Type.Default), 2);
        var pairValues = Enumerable.Range(0, Rows * 2).Select(i => i % 7 == 3 ? null : $"v{i}").ToArray();
        var pairValid = Enumerable.Range(0, Rows).Select(i => i != 5).ToArray();
        Add("fixed_size_list", FixedSizeList(pairType, Strings(pairValues), pairValid),
            Enumerable.Range(0, Rows).Select(i => pairValid[i] ? (object?)new List<object?> { pairValues[2 * i], pairValues[2 * i + 1] } : null).ToList());

        // struct<a: int64, b: bool, n: null>
        var structType = new StructType([new Field("a", IntType.Int64), new Field("b", BooleanType.Default), new Field("n", NullType.Default)]);
        var a = Enumerable.Range(0, Rows).Select(i => i == 2 ? null : (long?)(i * 100)).ToArray();
        var b = Enumerable.Range(0, Rows).Select(i => (bool?)(i % 3 == 0)).ToArray();
        var structValid = Enumerable.Range(0, Rows).Select(i => i != 7).ToArray();
        Add("struct", Struct(structType, [Primitive<long>(IntType.Int64, a), Bools(b), Nulls(Rows)], structValid),
            Enumerable.Range(0, Rows).Select(i => structValid[i] ? (object?)new List<object?> { a[i], b[i], null } : null).ToList());
        return columns.ToArray();
    }

    public static RecordBatch Batch(Column[] columns) =>
        new(new Schema(columns.Select(c => c.Field)), columns.Select(c => Quiver.Arrow.Arrays.ArrowArrayFactory.Create(c.Data)), Rows);
}
