using Quiver.Arrow.Types;

namespace Quiver.Arrow.Arrays;

/// <summary>Makes the typed view that fits an <see cref="ArrayData"/>'s type.</summary>
public static class ArrowArrayFactory
{
    public static ArrowArray Create(ArrayData data) => data.Type switch
    {
        NullType => new NullArray(data),
        BooleanType => new BooleanArray(data),
        IntType { BitWidth: 8, IsSigned: true } => new PrimitiveArray<sbyte>(data),
        IntType { BitWidth: 16, IsSigned: true } => new PrimitiveArray<short>(data),
        IntType { BitWidth: 32, IsSigned: true } => new PrimitiveArray<int>(data),
        IntType { BitWidth: 64, IsSigned: true } => new PrimitiveArray<long>(data),
        IntType { BitWidth: 8 } => new PrimitiveArray<byte>(data),
        IntType { BitWidth: 16 } => new PrimitiveArray<ushort>(data),
        IntType { BitWidth: 32 } => new PrimitiveArray<uint>(data),
        IntType { BitWidth: 64 } => new PrimitiveArray<ulong>(data),
        FloatingPointType { Precision: FloatPrecision.Half } => new PrimitiveArray<Half>(data),
        FloatingPointType { Precision: FloatPrecision.Single } => new PrimitiveArray<float>(data),
        FloatingPointType => new PrimitiveArray<double>(data),
        Utf8Type => new StringArray(data),
        BinaryType => new BinaryArray(data),
        LargeUtf8Type => new LargeStringArray(data),
        LargeBinaryType => new LargeBinaryArray(data),
        FixedSizeBinaryType => new FixedSizeBinaryArray(data),
        DateType { Unit: DateUnit.Day } => new Date32Array(data),
        DateType => new Date64Array(data),
        TimeType { BitWidth: 32 } => new Time32Array(data),
        TimeType => new Time64Array(data),
        TimestampType => new TimestampArray(data),
        DurationType => new DurationArray(data),
        ListType => new ListArray(data),
        LargeListType => new LargeListArray(data),
        FixedSizeListType => new FixedSizeListArray(data),
        StructType => new StructArray(data),
        DecimalType => new DecimalArray(data),
        MapType => new MapArray(data),
        DictionaryType => new DictionaryArray(data),
        _ => throw new ArrowNotSupportedException($"Quiver does not support the Arrow type {data.Type}."),
    };
}
