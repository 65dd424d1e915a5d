using System.Runtime.InteropServices;
using Quiver.Arrow;
using Quiver.Arrow.Arrays;
using Quiver.Arrow.Types;

namespace Quiver.Runtime.Tests.Arrow;

/// <summary>The typed views over hand-built <see cref="ArrayData"/>: windows (offsets), validity, accessors.</summary>
public class ArrayViewTests
{
    private static byte[] Bytes<T>(params T[] values) where T : unmanaged => MemoryMarshal.AsBytes(values.AsSpan()).ToArray();

    // Ten slots; nulls at 1, 4 and 9: 0b1110_1101, 0b0000_0001.
    private static readonly byte[] TenSlotsBitmap = [0xED, 0x01];

    [Fact]
    public void PrimitiveSliceSeesItsWindowOfValuesAndValidity()
    {
        var data = new ArrayData(IntType.Int32, 10, 3, 0, [TenSlotsBitmap, Bytes(Enumerable.Range(100, 10).ToArray())]);
        var all = (PrimitiveArray<int>)ArrowArrayFactory.Create(data);
        Assert.Equal(3, all.NullCount);

        var slice = (PrimitiveArray<int>)all.Slice(3, 5);
        Assert.Equal([103, 104, 105, 106, 107], slice.Values.ToArray());
        Assert.Equal([103, null, 105, 106, 107], Enumerable.Range(0, 5).Select(slice.Get));
        Assert.Equal(1, slice.NullCount);
        Assert.Equal(104, slice.GetValue(1));

        var sliceOfSlice = (PrimitiveArray<int>)slice.Slice(2, 3);
        Assert.Equal([105, 106, 107], sliceOfSlice.Values.ToArray());
        Assert.Equal(0, sliceOfSlice.NullCount);
        Assert.Equal(1, ((PrimitiveArray<int>)all.Slice(8, 2)).NullCount);
        Assert.Equal(0, all.Slice(10, 0).Length);
    }

    [Fact]
    public void OutOfRangeIndexesAndSlicesThrowArgumentOutOfRange()
    {
        var data = new ArrayData(IntType.Int8, 3, 0, 0, [default, new byte[] { 1, 2, 3 }]);
        var array = (PrimitiveArray<sbyte>)ArrowArrayFactory.Create(data);
        Assert.Throws<ArgumentOutOfRangeException>(() => array.GetValue(3));
        Assert.Throws<ArgumentOutOfRangeException>(() => array.GetValue(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => array.IsNull(3));
        Assert.Throws<ArgumentOutOfRangeException>(() => array.Slice(2, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => array.Slice(4, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => ((PrimitiveArray<sbyte>)array.Slice(1, 1)).GetValue(1));
    }

    [Fact]
    public void BooleanSliceAcrossAByteBoundary()
    {
        // Values 0..11: true where i % 3 == 0 -> bits 0, 3, 6, 9: 0b0100_1001, 0b0000_0010.
        var data = new ArrayData(BooleanType.Default, 12, 0, 0, [default, new byte[] { 0x49, 0x02 }]);
        var slice = (BooleanArray)ArrowArrayFactory.Create(data).Slice(5, 6);
        Assert.Equal([false, true, false, false, true, false], Enumerable.Range(0, 6).Select(slice.GetValue));
        Assert.Equal(0, slice.NullCount);
    }

    [Fact]
    public void StringSliceUsesOffsetsThatDoNotStartAtZero()
    {
        // The data starts with two bytes no slot uses, as a sliced producer may leave them.
        var data = new ArrayData(Utf8Type.Default, 4, 1, 0,
            [new byte[] { 0b1101 }, Bytes(2, 4, 4, 10, 13), "xxabhéllofoo"u8.ToArray()]);
        var all = (StringArray)ArrowArrayFactory.Create(data);
        Assert.Equal(["ab", null, "héllo", "foo"], Enumerable.Range(0, 4).Select(all.GetString));
        var slice = (StringArray)all.Slice(1, 3);
        Assert.Equal([4, 4, 10, 13], slice.ValueOffsets.ToArray());
        Assert.Null(slice.GetString(0));
        Assert.Equal("foo", slice.GetString(2));
        Assert.Equal("héllo"u8.ToArray(), slice.GetMemory(1).ToArray());
        Assert.Equal(1, slice.NullCount);
    }

    [Fact]
    public void EmptyBinaryWithoutOffsetsHasNoOffsets()
    {
        var data = new ArrayData(BinaryType.Default, 0, 0, 0, [default, default, default]);
        ArrayDataValidator.Validate(data);
        var array = (BinaryArray)ArrowArrayFactory.Create(data);
        Assert.True(array.ValueOffsets.IsEmpty);
        Assert.Throws<ArgumentOutOfRangeException>(() => array.GetBytes(0));
    }

    [Fact]
    public void FixedSizeBinarySlice()
    {
        var data = new ArrayData(new FixedSizeBinaryType(2), 4, 0, 0, [default, new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 }]);
        var array = (FixedSizeBinaryArray)ArrowArrayFactory.Create(data);
        Assert.Equal(2, array.ByteWidth);
        var slice = (FixedSizeBinaryArray)array.Slice(1, 2);
        Assert.Equal([5, 6], slice.GetBytes(1).ToArray());
    }

    [Fact]
    public void LargeStringsWith64BitOffsets()
    {
        var data = new ArrayData(LargeUtf8Type.Default, 3, 0, 0, [default, Bytes(0L, 3L, 3L, 8L), "onethree"u8.ToArray()]);
        ArrayDataValidator.Validate(data, validateUtf8: true);
        var all = (LargeStringArray)ArrowArrayFactory.Create(data);
        Assert.Equal(["one", "", "three"], Enumerable.Range(0, 3).Select(all.GetString));
        var slice = (LargeStringArray)all.Slice(1, 2);
        Assert.Equal([3L, 3L, 8L], slice.ValueOffsets.ToArray());
        Assert.Equal("three", slice.GetString(1));
    }

    [Fact]
    public void LargeBinaryWith64BitOffsets()
    {
        var data = new ArrayData(LargeBinaryType.Default, 2, 1, 0, [new byte[] { 0b10 }, Bytes(0L, 0L, 2L), new byte[] { 9, 8 }]);
        ArrayDataValidator.Validate(data);
        var array = (LargeBinaryArray)ArrowArrayFactory.Create(data);
        Assert.True(array.IsNull(0));
        Assert.Equal([9, 8], array.GetBytes(1).ToArray());
        Assert.Equal([9, 8], array.ValueData.ToArray());
    }

    [Fact]
    public void ListRangesListsAndSlices()
    {
        var values = new ArrayData(IntType.Int16, 6, 0, 0, [default, Bytes<short>(1, 2, 3, 4, 5, 6)]);
        var type = new ListType(new Field("item", IntType.Int16));
        // [[1, 2], null, [], [3, 4, 5, 6]]
        var data = new ArrayData(type, 4, 1, 0, [new byte[] { 0b1101 }, Bytes(0, 2, 2, 2, 6)], [values]);
        ArrayDataValidator.Validate(data);
        var lists = (ListArray)ArrowArrayFactory.Create(data);
        Assert.Equal((0, 2), lists.GetRange(0));
        Assert.True(lists.IsNull(1));
        Assert.Equal(0, lists.GetList(2).Length);
        Assert.Equal([3, 4, 5, 6], ((PrimitiveArray<short>)lists.GetList(3)).Values.ToArray());

        var slice = (ListArray)lists.Slice(2, 2);
        Assert.Equal([2, 2, 6], slice.ValueOffsets.ToArray());
        Assert.Equal((2, 6), slice.GetRange(1));
        Assert.Equal([3, 4, 5, 6], ((PrimitiveArray<short>)slice.GetList(1)).Values.ToArray());
        Assert.Equal(6, slice.Values.Length);
    }

    [Fact]
    public void LargeListsWith64BitOffsets()
    {
        var values = new ArrayData(Utf8Type.Default, 3, 0, 0, [default, Bytes(0, 1, 2, 3), "abc"u8.ToArray()]);
        var type = new LargeListType(new Field("item", Utf8Type.Default));
        var data = new ArrayData(type, 2, 0, 0, [default, Bytes(0L, 1L, 3L)], [values]);
        ArrayDataValidator.Validate(data);
        var lists = (LargeListArray)ArrowArrayFactory.Create(data);
        Assert.Equal([0L, 1L, 3L], lists.ValueOffsets.ToArray());
        Assert.Equal((1, 3), lists.GetRange(1));
        var second = (StringArray)lists.GetList(1);
        Assert.Equal(["b", "c"], Enumerable.Range(0, 2).Select(second.GetString));
        var slice = (LargeListArray)lists.Slice(1, 1);
        Assert.Equal("b", ((StringArray)slice.GetList(0)).GetString(0));
    }

    [Fact]
    public void FixedSizeListSliceStartsAtItsOwnElements()
    {
        var values = new ArrayData(FloatingPointType.Float32, 6, 0, 0, [default, Bytes(1f, 2f, 3f, 4f, 5f, 6f)]);
        var type = new FixedSizeListType(new Field("item", FloatingPointType.Float32), 2);
        var data = new ArrayData(type, 3, 0, 0, [default], [values]);
        ArrayDataValidator.Validate(data);
        var lists = (FixedSizeListArray)ArrowArrayFactory.Create(data);
        Assert.Equal(2, lists.ListSize);
        var slice = (FixedSizeListArray)lists.Slice(1, 2);
        Assert.Equal((2, 4), slice.GetRange(0));
        Assert.Equal([5f, 6f], ((PrimitiveArray<float>)slice.GetList(1)).Values.ToArray());
    }

    [Fact]
    public void StructFieldsByNameAndIndexFollowTheWindow()
    {
        var x = new ArrayData(IntType.Int32, 3, 0, 0, [default, Bytes(1, 2, 3)]);
        var name = new ArrayData(Utf8Type.Default, 3, 1, 0, [new byte[] { 0b011 }, Bytes(0, 1, 2, 2), "ab"u8.ToArray()]);
        var type = new StructType([new Field("x", IntType.Int32), new Field("name", Utf8Type.Default)]);
        var data = new ArrayData(type, 3, 0, 0, [default], [x, name]);
        ArrayDataValidator.Validate(data);
        var all = (StructArray)ArrowArrayFactory.Create(data);
        Assert.Same(all.Field(1), all.Field("name"));
        Assert.Equal(type, all.StructType);
        Assert.Throws<KeyNotFoundException>(() => all.Field("y"));

        var slice = (StructArray)all.Slice(1, 2);
        Assert.Equal([2, 3], ((PrimitiveArray<int>)slice.Field("x")).Values.ToArray());
        var names = (StringArray)slice.Field("name");
        Assert.Equal("b", names.GetString(0));
        Assert.Null(names.GetString(1));
    }

    [Fact]
    public void NullArraysAreAllNullWhateverTheWindow()
    {
        var data = new ArrayData(NullType.Default, 5, 5, 0, []);
        var array = ArrowArrayFactory.Create(data);
        Assert.IsType<NullArray>(array);
        Assert.True(array.IsNull(4));
        var slice = array.Slice(1, 3);
        Assert.Equal(3, slice.NullCount);
        Assert.True(slice.IsNull(0));
    }

    [Theory]
    [InlineData(TimeUnit.Second, 1_700_000_000L, 1_700_000_000L * 10_000_000)]
    [InlineData(TimeUnit.Millisecond, -1_500L, -15_000_000L)]
    [InlineData(TimeUnit.Microsecond, 1_000_001L, 10_000_010L)]
    [InlineData(TimeUnit.Nanosecond, 1_234_567_890L, 12_345_678L)]
    public void TimestampsAndDurationsConvertFromTheirUnit(TimeUnit unit, long value, long ticks)
    {
        var timestamps = (TimestampArray)ArrowArrayFactory.Create(new ArrayData(new TimestampType(unit, "UTC"), 1, 0, 0, [default, Bytes(value)]));
        Assert.Equal(unit, timestamps.Unit);
        Assert.Equal(DateTimeOffset.UnixEpoch.AddTicks(ticks), timestamps.GetDateTimeOffset(0));
        Assert.Equal(TimeSpan.Zero, timestamps.GetDateTimeOffset(0).Offset);
        var durations = (DurationArray)ArrowArrayFactory.Create(new ArrayData(new DurationType(unit), 1, 0, 0, [default, Bytes(value)]));
        Assert.Equal(unit, durations.Unit);
        Assert.Equal(TimeSpan.FromTicks(ticks), durations.GetTimeSpan(0));
    }

    [Fact]
    public void DatesAndTimesOfDay()
    {
        var date32 = (Date32Array)ArrowArrayFactory.Create(new ArrayData(DateType.Date32, 3, 0, 0, [default, Bytes(0, -1, 19_723)]));
        Assert.Equal([new DateOnly(1970, 1, 1), new DateOnly(1969, 12, 31), new DateOnly(2024, 1, 1)], Enumerable.Range(0, 3).Select(date32.GetDate));
        var date64 = (Date64Array)ArrowArrayFactory.Create(new ArrayData(DateType.Date64, 1, 0, 0, [default, Bytes(19_723L * 86_400_000)]));
        Assert.Equal(new DateTime(2024, 1, 1), date64.GetDateTime(0));
        var time32 = (Time32Array)ArrowArrayFactory.Create(new ArrayData(new TimeType(TimeUnit.Millisecond, 32), 1, 0, 0, [default, Bytes(3_723_004)]));
        Assert.Equal(TimeUnit.Millisecond, time32.Unit);
        Assert.Equal(new TimeSpan(0, 1, 2, 3, 4), time32.GetTime(0));
        var time64 = (Time64Array)ArrowArrayFactory.Create(new ArrayData(new TimeType(TimeUnit.Nanosecond, 64), 2, 0, 0, [default, Bytes(1_000L, 86_399_999_999_999L)]));
        Assert.Equal(TimeSpan.FromTicks(10), time64.GetTime(0));
        Assert.Equal(TimeSpan.FromDays(1) - TimeSpan.FromTicks(1), time64.GetTime(1));
    }

    [Fact]
    public void TemporalValuesBeyondDotNetRangesThrowArrowFormatException()
    {
        ArrowArray Single(ArrowType type, byte[] values) => ArrowArrayFactory.Create(new ArrayData(type, 1, 0, 0, [default, values]));

        Assert.Throws<ArrowFormatException>(() => ((TimestampArray)Single(new TimestampType(TimeUnit.Second), Bytes(long.MaxValue))).GetDateTimeOffset(0));
        Assert.Throws<ArrowFormatException>(() => ((TimestampArray)Single(new TimestampType(TimeUnit.Microsecond), Bytes(long.MinValue))).GetDateTimeOffset(0));
        Assert.Throws<ArrowFormatException>(() => ((DurationArray)Single(new DurationType(TimeUnit.Millisecond), Bytes(long.MaxValue))).GetTimeSpan(0));
        Assert.Throws<ArrowFormatException>(() => ((Date32Array)Single(DateType.Date32, Bytes(int.MaxValue))).GetDate(0));
        Assert.Throws<ArrowFormatException>(() => ((Date64Array)Single(DateType.Date64, Bytes(long.MinValue))).GetDateTime(0));
        Assert.Throws<ArrowFormatException>(() => ((Time64Array)Single(new TimeType(TimeUnit.Microsecond, 64), Bytes(long.MaxValue))).GetTime(0));
    }

    [Fact]
    public void FactoryMakesTheViewOfEveryType()
    {
        ArrowArray Make(ArrowType type) => ArrowArrayFactory.Create(new ArrayData(type, 0, 0, 0, new Quiver.Arrow.Memory.ArrowBuffer[type.BufferCount],
            type.Children.Select(c => new ArrayData(c.Type, 0, 0, 0, new Quiver.Arrow.Memory.ArrowBuffer[c.Type.BufferCount])).ToArray()));

        Assert.IsType<PrimitiveArray<sbyte>>(Make(IntType.Int8));
        Assert.IsType<PrimitiveArray<ushort>>(Make(IntType.UInt16));
        Assert.IsType<PrimitiveArray<uint>>(Make(IntType.UInt32));
        Assert.IsType<PrimitiveArray<ulong>>(Make(IntType.UInt64));
        Assert.IsType<PrimitiveArray<Half>>(Make(FloatingPointType.Float16));
        Assert.IsType<PrimitiveArray<double>>(Make(FloatingPointType.Float64));
        Assert.IsType<StringArray>(Make(Utf8Type.Default));
        Assert.IsType<BinaryArray>(Make(BinaryType.Default));
        Assert.IsType<LargeStringArray>(Make(LargeUtf8Type.Default));
        Assert.IsType<Date64Array>(Make(DateType.Date64));
        Assert.IsType<Time64Array>(Make(new TimeType(TimeUnit.Microsecond, 64)));
        Assert.IsType<LargeListArray>(Make(new LargeListType(new Field("item", NullType.Default))));
        Assert.IsType<StructArray>(Make(new StructType([new Field("a", BooleanType.Default)])));
    }
}
