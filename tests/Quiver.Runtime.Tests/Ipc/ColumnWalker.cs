using System.Runtime.InteropServices;
using Quiver.Arrow.Arrays;
using Quiver.Arrow.Types;

namespace Quiver.Runtime.Tests.Ipc;

/// <summary>
/// Reads every slot of a column through Quiver's typed views, the way a consumer would, and
/// turns it into plain values for comparison (<see cref="ToValues"/>) or just touches every
/// byte a consumer could reach (<see cref="Touch"/>, which allocates nothing per slot).
/// </summary>
internal static class ColumnWalker
{
    public static List<object?> ToValues(ArrowArray array)
    {
        var values = new List<object?>(array.Length);
        for (var i = 0; i < array.Length; i++)
            values.Add(array.IsNull(i) ? null : ValueAt(array, i));
        return values;
    }

    private static object? ValueAt(ArrowArray array, int i) => array switch
    {
        BooleanArray a => a.GetValue(i),
        PrimitiveArray<sbyte> a => a.GetValue(i),
        PrimitiveArray<short> a => a.GetValue(i),
        PrimitiveArray<int> a => a.GetValue(i),
        PrimitiveArray<long> a => a.GetValue(i),
        PrimitiveArray<byte> a => a.GetValue(i),
        PrimitiveArray<ushort> a => a.GetValue(i),
        PrimitiveArray<uint> a => a.GetValue(i),
        PrimitiveArray<ulong> a => a.GetValue(i),
        PrimitiveArray<Half> a => a.GetValue(i),
        PrimitiveArray<float> a => a.GetValue(i),
        PrimitiveArray<double> a => a.GetValue(i),
        StringArray a => a.GetString(i),
        BinaryArray a => Convert.ToHexString(a.GetBytes(i)),
        LargeStringArray a => a.GetString(i),
        LargeBinaryArray a => Convert.ToHexString(a.GetBytes(i)),
        FixedSizeBinaryArray a => Convert.ToHexString(a.GetBytes(i)),
        ListArray a => ToValues(a.GetList(i)),
        LargeListArray a => ToValues(a.GetList(i)),
        FixedSizeListArray a => ToValues(a.GetList(i)),
        StructArray a => Enumerable.Range(0, a.StructType.Fields.Count).Select(f => a.Field(f).IsNull(i) ? null : ValueAt(a.Field(f), i)).ToList(),
        DecimalArray a => a.GetText(i),
        MapArray a => Enumerable.Range(a.GetRange(i).Start, a.GetRange(i).End - a.GetRange(i).Start).Select(e => ValueAt(a.Entries, e)).ToList(),
        DictionaryArray a => a.Dictionary.IsNull(a.GetDictionaryIndex(i)) ? null : ValueAt(a.Dictionary, a.GetDictionaryIndex(i)),
        _ => throw new InvalidOperationException($"No reader for {array.Type}."),
    };

    /// <summary>Reads every slot and every byte reachable through the views; returns a checksum so nothing is optimized away.</summary>
    public static long Touch(ArrowArray array)
    {
        long sum = array.Length + array.NullCount;
        if (array is NullArray)
            return array.Length == 0 ? sum : sum + (array.IsNull(0) ? 1 : 0) + (array.IsNull(array.Length - 1) ? 1 : 0);
        for (var i = 0; i < array.Length; i++)
        {
            sum += array.IsValid(i) ? 1 : 0;
            sum += TouchSlot(array, i);
        }
        return sum;
    }

    private static long TouchSlot(ArrowArray array, int i) => array switch
    {
        BooleanArray a => a.GetValue(i) ? 1 : 0,
        PrimitiveArray<sbyte> a => a.GetValue(i),
        PrimitiveArray<short> a => a.GetValue(i),
        PrimitiveArray<int> a => a.GetValue(i),
        PrimitiveArray<long> a => a.GetValue(i),
        PrimitiveArray<byte> a => a.GetValue(i),
        PrimitiveArray<ushort> a => a.GetValue(i),
        PrimitiveArray<uint> a => a.GetValue(i),
        PrimitiveArray<ulong> a => (long)a.GetValue(i),
        PrimitiveArray<Half> a => BitConverter.HalfToInt16Bits(a.GetValue(i)),
        PrimitiveArray<float> a => BitConverter.SingleToInt32Bits(a.GetValue(i)),
        PrimitiveArray<double> a => BitConverter.DoubleToInt64Bits(a.GetValue(i)),
        BinaryArray a => Sum(a.GetBytes(i)),
        LargeBinaryArray a => Sum(a.GetBytes(i)),
        FixedSizeBinaryArray a => Sum(a.GetBytes(i)),
        ListArray a => Touch(a.GetList(i)),
        LargeListArray a => Touch(a.GetList(i)),
        FixedSizeListArray a => Touch(a.GetList(i)),
        StructArray a => TouchStructSlot(a, i),
        DecimalArray a => Sum(a.GetBytes(i)),
        MapArray a => a.GetRange(i).End - a.GetRange(i).Start + TouchRange(a.Entries, a.GetRange(i)),
        DictionaryArray a => a.IsValid(i) ? TouchSlot(a.Dictionary, a.GetDictionaryIndex(i)) : a.GetIndex(i),
        _ => throw new InvalidOperationException($"No reader for {array.Type}."),
    };

    private static long TouchRange(ArrowArray array, (int Start, int End) range)
    {
        long sum = 0;
        for (var i = range.Start; i < range.End; i++)
            sum += TouchSlot(array, i);
        return sum;
    }

    private static long TouchStructSlot(StructArray array, int i)
    {
        long sum = 0;
        for (var f = 0; f < array.StructType.Fields.Count; f++)
        {
            var field = array.Field(f);
            sum += field.IsValid(i) ? 1 : 0;
            if (field is not NullArray)
                sum += TouchSlot(field, i);
        }
        return sum;
    }

    private static long Sum(ReadOnlySpan<byte> bytes)
    {
        long sum = bytes.Length;
        foreach (var b in bytes)
            sum += b;
        return sum;
    }
}
