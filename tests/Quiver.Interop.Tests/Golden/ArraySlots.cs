using Quiver.Arrow.Arrays;

namespace Quiver.Interop.Tests.Golden;

/// <summary>Reads one slot of a Quiver array view into the same <see cref="SlotValue"/> form the integration JSON gives.</summary>
internal static class ArraySlots
{
    public static SlotValue? Read(ArrowArray array, int index)
    {
        if (array.IsNull(index))
            return null;
        return array switch
        {
            BooleanArray a => new BooleanValue(a.GetValue(index)),
            PrimitiveArray<sbyte> a => new IntegerValue(a.GetValue(index)),
            PrimitiveArray<short> a => new IntegerValue(a.GetValue(index)),
            PrimitiveArray<int> a => new IntegerValue(a.GetValue(index)),
            PrimitiveArray<long> a => new IntegerValue(a.GetValue(index)),
            PrimitiveArray<byte> a => new IntegerValue(a.GetValue(index)),
            PrimitiveArray<ushort> a => new IntegerValue(a.GetValue(index)),
            PrimitiveArray<uint> a => new IntegerValue(a.GetValue(index)),
            PrimitiveArray<ulong> a => new IntegerValue(a.GetValue(index)),
            PrimitiveArray<Half> a => FloatValue.Of(a.GetValue(index)),
            PrimitiveArray<float> a => FloatValue.Of(a.GetValue(index)),
            PrimitiveArray<double> a => FloatValue.Of(a.GetValue(index)),
            StringArray a => new StringValue(a.GetString(index)!),
            BinaryArray a => new BytesValue(a.GetBytes(index).ToArray()),
            LargeStringArray a => new StringValue(a.GetString(index)!),
            LargeBinaryArray a => new BytesValue(a.GetBytes(index).ToArray()),
            FixedSizeBinaryArray a => new BytesValue(a.GetBytes(index).ToArray()),
            ListArray a => Items(a.Values, a.GetRange(index)),
            LargeListArray a => Items(a.Values, a.GetRange(index)),
            FixedSizeListArray a => Items(a.Values, a.GetRange(index)),
            DecimalArray a => new DecimalValue(a.GetUnscaled(index)),
            MapArray a => Items(a.Entries, a.GetRange(index)),
            DictionaryArray a => new DictionaryEntryValue(a.GetIndex(index), Read(a.Dictionary, a.GetDictionaryIndex(index))),
            StructArray a => new StructValue(Enumerable.Range(0, a.StructType.Fields.Count).Select(j => Read(a.Field(j), index)).ToArray()),
            _ => throw new InvalidOperationException($"No slot reader for {array.GetType().Name} ({array.Type})."),
        };
    }

    private static ListValue Items(ArrowArray values, (int Start, int End) range) =>
        new(Enumerable.Range(range.Start, range.End - range.Start).Select(k => Read(values, k)).ToArray());
}
