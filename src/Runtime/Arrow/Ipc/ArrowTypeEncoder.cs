using Quiver.Arrow.Ipc.Flatbuffers;
using Quiver.Arrow.Types;

namespace Quiver.Arrow.Ipc;

/// <summary>Writes an <see cref="ArrowType"/> as the tag and table of Schema.fbs's <c>Type</c> union.</summary>
internal static class ArrowTypeEncoder
{
    /// <summary>Writes the type table (children are written by the caller) and returns its tag and offset.</summary>
    public static (TypeTag Tag, int Table) Write(FlatBufferBuilder builder, ArrowType type)
    {
        // Parameters are written even when they equal the schema's defaults, so readers
        // never depend on knowing those defaults.
        switch (type)
        {
            case NullType:
                return (TypeTag.Null, EmptyTable(builder));
            case BooleanType:
                return (TypeTag.Bool, EmptyTable(builder));
            case BinaryType:
                return (TypeTag.Binary, EmptyTable(builder));
            case Utf8Type:
                return (TypeTag.Utf8, EmptyTable(builder));
            case LargeBinaryType:
                return (TypeTag.LargeBinary, EmptyTable(builder));
            case LargeUtf8Type:
                return (TypeTag.LargeUtf8, EmptyTable(builder));
            case ListType:
                return (TypeTag.List, EmptyTable(builder));
            case LargeListType:
                return (TypeTag.LargeList, EmptyTable(builder));
            case StructType:
                return (TypeTag.Struct, EmptyTable(builder));
            case IntType integer:
                builder.StartTable(TypeSlots.IntCount);
                builder.AddInt32(TypeSlots.IntBitWidth, integer.BitWidth);
                builder.AddBool(TypeSlots.IntIsSigned, integer.IsSigned);
                return (TypeTag.Int, builder.EndTable());
            case FloatingPointType floating:
                builder.StartTable(TypeSlots.FloatingPointCount);
                builder.AddInt16(TypeSlots.FloatingPointPrecision, (short)floating.Precision);
                return (TypeTag.FloatingPoint, builder.EndTable());
            case DateType date:
                builder.StartTable(TypeSlots.DateCount);
                builder.AddInt16(TypeSlots.DateUnit, (short)date.Unit);
                return (TypeTag.Date, builder.EndTable());
            case TimeType time:
                builder.StartTable(TypeSlots.TimeCount);
                builder.AddInt16(TypeSlots.TimeUnit, (short)time.Unit);
                builder.AddInt32(TypeSlots.TimeBitWidth, time.BitWidth);
                return (TypeTag.Time, builder.EndTable());
            case TimestampType timestamp:
                var timeZone = string.IsNullOrEmpty(timestamp.TimeZone) ? 0 : builder.CreateString(timestamp.TimeZone);
                builder.StartTable(TypeSlots.TimestampCount);
                builder.AddInt16(TypeSlots.TimestampUnit, (short)timestamp.Unit);
                if (timeZone != 0)
                    builder.AddOffset(TypeSlots.TimestampTimezone, timeZone);
                return (TypeTag.Timestamp, builder.EndTable());
            case DurationType duration:
                builder.StartTable(TypeSlots.DurationCount);
                builder.AddInt16(TypeSlots.DurationUnit, (short)duration.Unit);
                return (TypeTag.Duration, builder.EndTable());
            case FixedSizeBinaryType binary:
                builder.StartTable(TypeSlots.FixedSizeBinaryCount);
                builder.AddInt32(TypeSlots.FixedSizeBinaryByteWidth, binary.ByteWidth);
                return (TypeTag.FixedSizeBinary, builder.EndTable());
            case FixedSizeListType list:
                builder.StartTable(TypeSlots.FixedSizeListCount);
                builder.AddInt32(TypeSlots.FixedSizeListListSize, list.ListSize);
                return (TypeTag.FixedSizeList, builder.EndTable());
            case DecimalType decimalType:
                builder.StartTable(TypeSlots.DecimalCount);
                builder.AddInt32(TypeSlots.DecimalPrecision, decimalType.Precision);
                builder.AddInt32(TypeSlots.DecimalScale, decimalType.Scale);
                builder.AddInt32(TypeSlots.DecimalBitWidth, decimalType.BitWidth);
                return (TypeTag.Decimal, builder.EndTable());
            case MapType map:
                builder.StartTable(TypeSlots.MapCount);
                builder.AddBool(TypeSlots.MapKeysSorted, map.KeysSorted);
                return (TypeTag.Map, builder.EndTable());
            default:
                throw new ArrowNotSupportedException($"Quiver cannot write the Arrow type {type} to IPC.");
        }
    }

    private static int EmptyTable(FlatBufferBuilder builder)
    {
        builder.StartTable(0);
        return builder.EndTable();
    }
}
