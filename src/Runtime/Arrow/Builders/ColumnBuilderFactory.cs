using Quiver.Arrow.Types;

namespace Quiver.Arrow.Builders;

/// <summary>Makes the builder that writes a planned array's type (the writing counterpart of <c>ArrowArrayFactory</c>).</summary>
internal static class ColumnBuilderFactory
{
    public static ColumnBuilder Create(PlannedNode node, BodyRegions body) => node.Field.Type switch
    {
        NullType => new NullColumnBuilder(node, body),
        BooleanType => new BooleanColumnBuilder(node, body),
        IntType { BitWidth: 8, IsSigned: true } => new PrimitiveColumnBuilder<sbyte>(node, body),
        IntType { BitWidth: 16, IsSigned: true } => new PrimitiveColumnBuilder<short>(node, body),
        IntType { BitWidth: 32, IsSigned: true } => new PrimitiveColumnBuilder<int>(node, body),
        IntType { BitWidth: 64, IsSigned: true } => new PrimitiveColumnBuilder<long>(node, body),
        IntType { BitWidth: 8 } => new PrimitiveColumnBuilder<byte>(node, body),
        IntType { BitWidth: 16 } => new PrimitiveColumnBuilder<ushort>(node, body),
        IntType { BitWidth: 32 } => new PrimitiveColumnBuilder<uint>(node, body),
        IntType { BitWidth: 64 } => new PrimitiveColumnBuilder<ulong>(node, body),
        FloatingPointType { Precision: FloatPrecision.Half } => new PrimitiveColumnBuilder<Half>(node, body),
        FloatingPointType { Precision: FloatPrecision.Single } => new PrimitiveColumnBuilder<float>(node, body),
        FloatingPointType => new PrimitiveColumnBuilder<double>(node, body),
        Utf8Type => new StringColumnBuilder(node, body),
        BinaryType => new BinaryColumnBuilder(node, body),
        FixedSizeBinaryType => new FixedSizeBinaryColumnBuilder(node, body),
        DateType { Unit: DateUnit.Day } => new Date32ColumnBuilder(node, body),
        DateType => new Date64ColumnBuilder(node, body),
        TimeType { BitWidth: 32 } => new Time32ColumnBuilder(node, body),
        TimeType => new Time64ColumnBuilder(node, body),
        TimestampType => new TimestampColumnBuilder(node, body),
        DurationType => new DurationColumnBuilder(node, body),
        ListType or MapType => new ListColumnBuilder(node, body),
        DecimalType => new DecimalColumnBuilder(node, body),
        DictionaryType => new DictionaryColumnBuilder(node, body),
        FixedSizeListType => new FixedSizeListColumnBuilder(node, body),
        StructType => new StructColumnBuilder(node, body),
        _ => throw new ArrowNotSupportedException($"Quiver's builders do not write {node.Field.Type} (field '{node.Path}')."),
    };
}
