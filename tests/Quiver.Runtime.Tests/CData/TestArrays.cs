using System.Runtime.InteropServices;
using System.Text;
using Quiver.Arrow;
using Quiver.Arrow.Memory;
using Quiver.Arrow.Types;

namespace Quiver.Runtime.Tests.CData;

/// <summary>Arrays built by hand over managed byte[] buffers, in the layouts of docs/arrow-core.md.</summary>
internal static class TestArrays
{
    public static byte[] Bytes<T>(params T[] values) where T : unmanaged => MemoryMarshal.AsBytes(values.AsSpan()).ToArray();

    public static byte[] Bits(params bool[] bits)
    {
        var bytes = new byte[(bits.Length + 7) / 8];
        for (var i = 0; i < bits.Length; i++)
            BitUtil.SetBit(bytes, i, bits[i]);
        return bytes;
    }

    private static ArrowBuffer Validity(bool[]? valid) => valid is null ? ArrowBuffer.Empty : Bits(valid);

    private static int Nulls(bool[]? valid) => valid?.Count(v => !v) ?? 0;

    public static ArrayData Primitive<T>(ArrowType type, T[] values, bool[]? valid = null) where T : unmanaged =>
        new(type, values.Length, Nulls(valid), 0, [Validity(valid), Bytes(values)]);

    public static ArrayData Booleans(bool[] values, bool[]? valid = null) =>
        new(BooleanType.Default, values.Length, Nulls(valid), 0, [Validity(valid), Bits(values)]);

    public static ArrayData NullArray(int length) => new(NullType.Default, length, length, 0, []);

    /// <summary>utf8 or binary (32-bit offsets); a null entry is a null slot.</summary>
    public static ArrayData Strings(ArrowType type, params string?[] values)
    {
        var (offsets, data, valid) = Layout(values);
        return new(type, values.Length, Nulls(valid), 0, [Validity(valid), Bytes(offsets.Select(o => (int)o).ToArray()), data]);
    }

    /// <summary>large_utf8 or large_binary (64-bit offsets).</summary>
    public static ArrayData LargeStrings(ArrowType type, params string?[] values)
    {
        var (offsets, data, valid) = Layout(values);
        return new(type, values.Length, Nulls(valid), 0, [Validity(valid), Bytes(offsets), data]);
    }

    private static (long[] Offsets, byte[] Data, bool[]? Valid) Layout(string?[] values)
    {
        var offsets = new long[values.Length + 1];
        var data = new List<byte>();
        for (var i = 0; i < values.Length; i++)
        {
            data.AddRange(Encoding.UTF8.GetBytes(values[i] ?? ""));
            offsets[i + 1] = data.Count;
        }
        var valid = values.Any(v => v is null) ? values.Select(v => v is not null).ToArray() : null;
        return (offsets, data.ToArray(), valid);
    }

    public static ArrayData FixedSizeBinary(int width, byte[] data, bool[]? valid = null) =>
        new(new FixedSizeBinaryType(width), data.Length / width, Nulls(valid), 0, [Validity(valid), data]);

    public static ArrayData List(ArrayData values, int[] offsets, bool[]? valid = null, string name = "item") =>
        new(new ListType(new Field(name, values.Type)), offsets.Length - 1, Nulls(valid), 0, [Validity(valid), Bytes(offsets)], [values]);

    public static ArrayData LargeList(ArrayData values, long[] offsets, bool[]? valid = null) =>
        new(new LargeListType(new Field("item", values.Type)), offsets.Length - 1, Nulls(valid), 0, [Validity(valid), Bytes(offsets)], [values]);

    public static ArrayData FixedSizeList(ArrayData values, int size, bool[]? valid = null) =>
        new(new FixedSizeListType(new Field("item", values.Type), size), values.Length / size, Nulls(valid), 0, [Validity(valid)], [values]);

    public static ArrayData Struct((string Name, ArrayData Data)[] members, bool[]? valid = null) =>
        new(new StructType(members.Select(m => new Field(m.Name, m.Data.Type))), members[0].Data.Length, Nulls(valid), 0,
            [Validity(valid)], members.Select(m => m.Data).ToArray());

    /// <summary>
    /// Five rows of every type Quiver implements, with nulls, nested types, and a sliced column
    /// whose offset is not zero.
    /// </summary>
    public static (string Name, ArrayData Data, bool Nullable)[] AllTypesColumns()
    {
        bool[] someNull = [true, false, true, true, false];
        var structColumn = Struct(
            [("a", Primitive(IntType.Int32, [1, 2, 3, 4, 5], [true, true, false, true, true])), ("b", Strings(Utf8Type.Default, "v", "w", null, "x", "y"))],
            [true, true, true, false, true]);
        var listOfStructs = List(
            Struct([("x", Primitive(FloatingPointType.Float64, [0.5, 1.5, 2.5, 3.5])), ("y", Booleans([true, false, true, true]))]),
            [0, 1, 1, 3, 4, 4], [true, false, true, true, true]);
        var longInts = Primitive(IntType.Int32, [100, 101, 102, 103, 104, 105, 106, 107, 108], [true, true, true, false, true, true, true, false, true]);
        return
        [
            ("null", NullArray(5), true),
            ("bool", Booleans([true, false, true, false, true], someNull), true),
            ("int8", Primitive(IntType.Int8, new sbyte[] { -128, -1, 0, 1, 127 }, someNull), true),
            ("uint8", Primitive(IntType.UInt8, new byte[] { 0, 1, 2, 254, 255 }), false),
            ("int16", Primitive(IntType.Int16, new short[] { short.MinValue, -2, 0, 2, short.MaxValue }, someNull), true),
            ("uint16", Primitive(IntType.UInt16, new ushort[] { 0, 1, 2, 3, ushort.MaxValue }), false),
            ("int32", Primitive(IntType.Int32, [int.MinValue, -3, 0, 3, int.MaxValue], someNull), true),
            ("uint32", Primitive(IntType.UInt32, new uint[] { 0, 1, 2, 3, uint.MaxValue }), true),
            ("int64", Primitive(IntType.Int64, [long.MinValue, -4L, 0L, 4L, long.MaxValue], someNull), true),
            ("uint64", Primitive(IntType.UInt64, new ulong[] { 0, 1, 2, 3, ulong.MaxValue }), false),
            ("float16", Primitive(FloatingPointType.Float16, new[] { (Half)0.5, (Half)(-1), Half.MaxValue, Half.Epsilon, (Half)2 }, someNull), true),
            ("float32", Primitive(FloatingPointType.Float32, [0.25f, -1f, float.MaxValue, float.Epsilon, 2f]), true),
            ("float64", Primitive(FloatingPointType.Float64, [0.125, -1.0, double.MaxValue, double.Epsilon, 2.0], someNull), true),
            ("utf8", Strings(Utf8Type.Default, "hi", null, "", "héllo", "ünïcødé"), true),
            ("binary", Strings(BinaryType.Default, "a", "bc", null, "def", ""), true),
            ("large_utf8", LargeStrings(LargeUtf8Type.Default, "big", "", null, "strings", "!"), true),
            ("large_binary", LargeStrings(LargeBinaryType.Default, null, "x", "yy", "zzz", ""), true),
            ("fsb3", FixedSizeBinary(3, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15], someNull), true),
            ("date32", Primitive(DateType.Date32, [0, 1, -1, 19000, 20000], someNull), true),
            ("date64", Primitive(DateType.Date64, [0L, 86_400_000L, -86_400_000L, 1L, 2L]), true),
            ("time32s", Primitive(new TimeType(TimeUnit.Second, 32), [0, 1, 59, 3600, 86399], someNull), true),
            ("time32ms", Primitive(new TimeType(TimeUnit.Millisecond, 32), [0, 1, 2, 3, 86_399_999]), true),
            ("time64us", Primitive(new TimeType(TimeUnit.Microsecond, 64), [0L, 1L, 2L, 3L, 86_399_999_999L]), true),
            ("time64ns", Primitive(new TimeType(TimeUnit.Nanosecond, 64), [0L, 1L, 2L, 3L, 4L], someNull), true),
            ("ts_s", Primitive(new TimestampType(TimeUnit.Second), [0L, 1L, -1L, 1_700_000_000L, 5L]), true),
            ("ts_ms_tz", Primitive(new TimestampType(TimeUnit.Millisecond, "+01:00"), [0L, 1L, 2L, 3L, 4L], someNull), true),
            ("ts_us_tz", Primitive(new TimestampType(TimeUnit.Microsecond, "Europe/Paris"), [0L, 1L, 2L, 3L, 4L]), true),
            ("ts_ns_utc", Primitive(new TimestampType(TimeUnit.Nanosecond, "UTC"), [0L, 1L, 2L, 3L, 4L], someNull), false),
            ("dur_s", Primitive(new DurationType(TimeUnit.Second), [0L, 1L, -1L, 60L, 3600L]), true),
            ("dur_ms", Primitive(new DurationType(TimeUnit.Millisecond), [0L, 1L, 2L, 3L, 4L], someNull), true),
            ("dur_us", Primitive(new DurationType(TimeUnit.Microsecond), [0L, 1L, 2L, 3L, 4L]), true),
            ("dur_ns", Primitive(new DurationType(TimeUnit.Nanosecond), [0L, 1L, 2L, 3L, 4L]), true),
            ("list_int", List(Primitive(IntType.Int32, [1, 2, 3, 4, 5, 6], [true, false, true, true, true, true]), [0, 2, 2, 3, 6, 6], someNull), true),
            ("large_list_str", LargeList(Strings(Utf8Type.Default, "a", "b", null, "d"), [0L, 1L, 2L, 2L, 4L, 4L]), true),
            ("fixed_list", FixedSizeList(Primitive(IntType.Int16, new short[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }), 2, someNull), true),
            ("struct", structColumn, true),
            ("list_struct", listOfStructs, true),
            ("sliced_int", longInts.Slice(3, 5), true),
        ];
    }

    public static Schema SchemaOf((string Name, ArrayData Data, bool Nullable)[] columns, KeyValueMetadata? metadata = null) =>
        new(columns.Select(c => new Field(c.Name, c.Data.Type, c.Nullable)), metadata);
}
