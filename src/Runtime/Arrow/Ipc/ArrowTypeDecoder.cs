using Quiver.Arrow.Ipc.Flatbuffers;
using Quiver.Arrow.Types;

namespace Quiver.Arrow.Ipc;

/// <summary>Turns a field's <c>Type</c> union (tag + table) and its decoded children into an <see cref="ArrowType"/>.</summary>
internal static class ArrowTypeDecoder
{
    /// <summary>
    /// Throws <see cref="ArrowNotSupportedException"/> for a type Quiver does not implement. Called
    /// before the children are decoded, so the message names the outermost unsupported type.
    /// </summary>
    public static void RefuseUnsupported(TypeTag tag, FlatBufferTable type, FieldPath path)
    {
        var name = tag switch
        {
            TypeTag.Decimal when type.GetInt32(TypeSlots.DecimalBitWidth, 128) is not (128 or 256) =>
                $"decimal{type.GetInt32(TypeSlots.DecimalBitWidth, 128)}({type.GetInt32(TypeSlots.DecimalPrecision, 0)}, {type.GetInt32(TypeSlots.DecimalScale, 0)})",
            TypeTag.Interval => type.GetInt16(TypeSlots.IntervalUnit, 0) switch
            {
                0 => "month_interval",
                1 => "day_time_interval",
                2 => "month_day_nano_interval",
                var unit => $"interval (unit {unit})",
            },
            TypeTag.Union => type.GetInt16(TypeSlots.UnionMode, 0) == 1 ? "dense_union" : "sparse_union",
            TypeTag.RunEndEncoded => "run_end_encoded",
            TypeTag.BinaryView => "binary_view",
            TypeTag.Utf8View => "string_view",
            TypeTag.ListView => "list_view",
            TypeTag.LargeListView => "large_list_view",
            > TypeTag.LargeListView => $"an unknown type (Type union tag {(byte)tag})",
            _ => null,
        };
        if (name is not null)
            throw new ArrowNotSupportedException($"Field '{path}' has type {name}, which Quiver does not support.");
    }

    public static ArrowType Decode(TypeTag tag, FlatBufferTable type, Field[] children, FieldPath path)
    {
        switch (tag)
        {
            case TypeTag.Null:
                return Leaf(NullType.Default, children, path);
            case TypeTag.Bool:
                return Leaf(BooleanType.Default, children, path);
            case TypeTag.Binary:
                return Leaf(BinaryType.Default, children, path);
            case TypeTag.Utf8:
                return Leaf(Utf8Type.Default, children, path);
            case TypeTag.LargeBinary:
                return Leaf(LargeBinaryType.Default, children, path);
            case TypeTag.LargeUtf8:
                return Leaf(LargeUtf8Type.Default, children, path);
            case TypeTag.Int:
                var bits = type.GetInt32(TypeSlots.IntBitWidth, 0);
                if (bits is not (8 or 16 or 32 or 64))
                    throw Invalid(path, $"has an integer type of {bits} bits; Arrow integers have 8, 16, 32 or 64");
                return Leaf(new IntType(bits, type.GetBool(TypeSlots.IntIsSigned, false)), children, path);
            case TypeTag.FloatingPoint:
                var precision = type.GetInt16(TypeSlots.FloatingPointPrecision, 0);
                if (precision is < 0 or > 2)
                    throw Invalid(path, $"has a floating point precision of {precision}; Arrow defines 0 (half), 1 (single) and 2 (double)");
                return Leaf(new FloatingPointType((FloatPrecision)precision), children, path);
            case TypeTag.Date:
                var dateUnit = type.GetInt16(TypeSlots.DateUnit, (short)DateUnit.Millisecond);
                if (dateUnit is < 0 or > 1)
                    throw Invalid(path, $"has a date unit of {dateUnit}; Arrow defines 0 (day) and 1 (millisecond)");
                return Leaf(new DateType((DateUnit)dateUnit), children, path);
            case TypeTag.Time:
                var timeUnit = ReadTimeUnit(type, TypeSlots.TimeUnit, TimeUnit.Millisecond, path);
                var timeBits = type.GetInt32(TypeSlots.TimeBitWidth, 32);
                var expectedBits = timeUnit is TimeUnit.Second or TimeUnit.Millisecond ? 32 : 64;
                if (timeBits != expectedBits)
                    throw Invalid(path, $"has a time type in {timeUnit}s of {timeBits} bits; Arrow requires {expectedBits}");
                return Leaf(new TimeType(timeUnit, timeBits), children, path);
            case TypeTag.Timestamp:
                var timestampUnit = ReadTimeUnit(type, TypeSlots.TimestampUnit, TimeUnit.Second, path);
                // Absent and empty both mean "no time zone" in the spec; one representation keeps types comparable.
                var timeZone = type.GetString(TypeSlots.TimestampTimezone);
                return Leaf(new TimestampType(timestampUnit, string.IsNullOrEmpty(timeZone) ? null : timeZone), children, path);
            case TypeTag.Duration:
                return Leaf(new DurationType(ReadTimeUnit(type, TypeSlots.DurationUnit, TimeUnit.Millisecond, path)), children, path);
            case TypeTag.FixedSizeBinary:
                var byteWidth = type.GetInt32(TypeSlots.FixedSizeBinaryByteWidth, 0);
                // The width in bits must fit an int, as every fixed-width type's does.
                if (byteWidth is < 0 or > int.MaxValue / 8)
                    throw Invalid(path, $"has a fixed-size binary width of {byteWidth} bytes; Quiver reads 0 to {int.MaxValue / 8}");
                return Leaf(new FixedSizeBinaryType(byteWidth), children, path);
            case TypeTag.List:
                return new ListType(SingleChild("list", children, path));
            case TypeTag.LargeList:
                return new LargeListType(SingleChild("large_list", children, path));
            case TypeTag.FixedSizeList:
                var listSize = type.GetInt32(TypeSlots.FixedSizeListListSize, 0);
                if (listSize < 0)
                    throw Invalid(path, $"has a fixed-size list size of {listSize}");
                return new FixedSizeListType(SingleChild("fixed_size_list", children, path), listSize);
            case TypeTag.Struct:
                return new StructType(children);
            case TypeTag.Decimal:
                return Leaf(ReadDecimal(type, path), children, path);
            case TypeTag.Map:
                return ReadMap(type, SingleChild("map", children, path), path);
            default:
                throw Invalid(path, "has no type");
        }
    }

    private static DecimalType ReadDecimal(FlatBufferTable type, FieldPath path)
    {
        var bitWidth = type.GetInt32(TypeSlots.DecimalBitWidth, 128);
        var precision = type.GetInt32(TypeSlots.DecimalPrecision, 0);
        var max = DecimalType.MaxPrecision(bitWidth);
        if (precision < 1 || precision > max)
            throw Invalid(path, $"has a decimal{bitWidth} precision of {precision}; Arrow allows 1 to {max}");
        return new DecimalType(precision, type.GetInt32(TypeSlots.DecimalScale, 0), bitWidth);
    }

    private static MapType ReadMap(FlatBufferTable type, Field entries, FieldPath path)
    {
        if (entries.Type is not StructType { Fields.Count: 2 } entryType)
            throw Invalid(path, $"is a map whose entries are {entries.Type}; a map's entries are a struct of a key and a value");
        if (entries.Nullable)
            throw Invalid(path, "is a map whose entries are nullable; Arrow requires them not null");
        if (entryType.Fields[0].Nullable)
            throw Invalid(path, $"is a map whose key '{entryType.Fields[0].Name}' is nullable; Arrow requires map keys not null");
        return new MapType(entries, type.GetBool(TypeSlots.MapKeysSorted, false));
    }

    private static TimeUnit ReadTimeUnit(FlatBufferTable type, int slot, TimeUnit defaultUnit, FieldPath path)
    {
        var unit = type.GetInt16(slot, (short)defaultUnit);
        if (unit is < 0 or > 3)
            throw Invalid(path, $"has a time unit of {unit}; Arrow defines 0 (second) to 3 (nanosecond)");
        return (TimeUnit)unit;
    }

    private static ArrowType Leaf(ArrowType type, Field[] children, FieldPath path) => children.Length == 0
        ? type
        : throw Invalid(path, $"of type {type} has {children.Length} children; it can have none");

    private static Field SingleChild(string typeName, Field[] children, FieldPath path) => children.Length == 1
        ? children[0]
        : throw Invalid(path, $"of type {typeName} has {children.Length} children; it needs exactly 1");

    private static ArrowFormatException Invalid(FieldPath path, string problem) => new($"Field '{path}' {problem}.");
}
