using System.Runtime.InteropServices;
using Quiver.Arrow;
using Quiver.Arrow.Arrays;
using Quiver.Arrow.Types;

namespace Quiver.Runtime.Tests.Arrow;

public class ArrayDataValidatorTests
{
    private static byte[] Bytes<T>(params T[] values) where T : unmanaged => MemoryMarshal.AsBytes(values.AsSpan()).ToArray();

    [Fact]
    public void AcceptsWellFormedStrings()
    {
        var data = new ArrayData(Utf8Type.Default, 3, 1, 0, [new byte[] { 0b101 }, Bytes(0, 2, 2, 5), "hiyou"u8.ToArray()]);
        ArrayDataValidator.Validate(data, validateUtf8: true);
        var strings = (StringArray)ArrowArrayFactory.Create(data);
        Assert.Equal("hi", strings.GetString(0));
        Assert.Null(strings.GetString(1));
        Assert.Equal("you", strings.GetString(2));
    }

    [Fact]
    public void NamesTheFieldPathOfANestedFailureOutermostFirst()
    {
        var x = new ArrayData(IntType.Int32, 2, 0, 0, [default, Bytes(7)]);
        var inner = new ArrayData(new StructType([new Field("x", IntType.Int32)]), 2, 0, 0, [default], [x]);
        var outer = new ArrayData(new StructType([new Field("inner", inner.Type)]), 2, 0, 0, [default], [inner]);
        var e = Assert.Throws<ArrowFormatException>(() => ArrayDataValidator.Validate(outer));
        Assert.Equal("Invalid Arrow array at array.inner.x (int32): values buffer has 4 bytes, 8 needed for offset 0 + length 2.", e.Message);
    }

    [Fact]
    public void NamesTheFieldWhoseChildHasTheWrongType()
    {
        var item = new ArrayData(IntType.Int64, 1, 0, 0, [default, Bytes(7L)]);
        var list = new ArrayData(new ListType(new Field("item", IntType.Int32)), 1, 0, 0, [default, Bytes(0, 1)], [item]);
        var e = Assert.Throws<ArrowFormatException>(() => ArrayDataValidator.Validate(list));
        Assert.Equal("Invalid Arrow array at array.item: child is int64, the type says int32.", e.Message);
    }

    [Fact]
    public void RefusesNonMonotonicOffsets()
    {
        var data = new ArrayData(BinaryType.Default, 2, 0, 0, [default, Bytes(0, 3, 1), new byte[4]]);
        var e = Assert.Throws<ArrowFormatException>(() => ArrayDataValidator.Validate(data));
        Assert.Contains("not monotonic", e.Message);
    }

    [Fact]
    public void RefusesOffsetsBeyondData()
    {
        var data = new ArrayData(BinaryType.Default, 1, 0, 0, [default, Bytes(0, 9), new byte[4]]);
        var e = Assert.Throws<ArrowFormatException>(() => ArrayDataValidator.Validate(data));
        Assert.Contains("beyond the 4 bytes", e.Message);
    }

    [Fact]
    public void RefusesShortValuesBuffer()
    {
        var data = new ArrayData(IntType.Int64, 3, 0, 1, [default, Bytes(1L, 2L, 3L)]);
        var e = Assert.Throws<ArrowFormatException>(() => ArrayDataValidator.Validate(data));
        Assert.Contains("32 needed", e.Message);
    }

    [Fact]
    public void RefusesNullCountThatDisagreesWithBitmap()
    {
        var data = new ArrayData(IntType.Int32, 3, 0, 0, [new byte[] { 0b011 }, Bytes(1, 2, 3)]);
        var e = Assert.Throws<ArrowFormatException>(() => ArrayDataValidator.Validate(data));
        Assert.Contains("null count says 0", e.Message);
    }

    [Fact]
    public void RefusesInvalidUtf8WhenAsked()
    {
        var data = new ArrayData(Utf8Type.Default, 1, 0, 0, [default, Bytes(0, 2), new byte[] { 0xC3, 0x28 }]);
        ArrayDataValidator.Validate(data);
        Assert.Throws<ArrowFormatException>(() => ArrayDataValidator.Validate(data, validateUtf8: true));
        Assert.Throws<ArrowFormatException>(() => ((StringArray)ArrowArrayFactory.Create(data)).GetString(0));
    }

    [Fact]
    public void SlicedStructChildrenFollowTheParentWindow()
    {
        var ints = new ArrayData(IntType.Int32, 4, 0, 0, [default, Bytes(10, 20, 30, 40)]);
        var type = new StructType([new Field("x", IntType.Int32)]);
        var data = new ArrayData(type, 4, 0, 0, [default], [ints]);
        ArrayDataValidator.Validate(data);
        var slice = (StructArray)ArrowArrayFactory.Create(data.Slice(1, 2));
        var x = (PrimitiveArray<int>)slice.Field("x");
        Assert.Equal([20, 30], x.Values.ToArray());
    }
}
