using System.Runtime.InteropServices;
using System.Text;
using Quiver.Arrow;
using Quiver.Arrow.Memory;
using Quiver.Arrow.Types;

namespace Quiver.Runtime.Tests.Ipc;

/// <summary>ArrayData laid out by hand over managed arrays, independent of Quiver's builders.</summary>
internal static class HandBuiltArrays
{
    public static byte[] Bytes<T>(params T[] values) where T : unmanaged => MemoryMarshal.AsBytes(values.AsSpan()).ToArray();

    /// <summary>A validity bitmap for the given slots, or an empty buffer when none is null.</summary>
    public static ArrowBuffer Validity(bool[] valid)
    {
        if (valid.All(v => v))
            return ArrowBuffer.Empty;
        var bitmap = new byte[(valid.Length + 7) / 8];
        for (var i = 0; i < valid.Length; i++)
            if (valid[i])
                bitmap[i / 8] |= (byte)(1 << (i % 8));
        return bitmap;
    }

    public static ArrayData Primitive<T>(ArrowType type, params T?[] values) where T : unmanaged
    {
        var valid = values.Select(v => v.HasValue).ToArray();
        var raw = values.Select(v => v ?? default).ToArray();
        return new ArrayData(type, values.Length, valid.Count(v => !v), 0, [Validity(valid), Bytes(raw)]);
    }

    public static ArrayData Bools(params bool?[] values)
    {
        var valid = values.Select(v => v.HasValue).ToArray();
        var bits = new byte[(values.Length + 7) / 8];
        for (var i = 0; i < values.Length; i++)
            if (values[i] == true)
                bits[i / 8] |= (byte)(1 << (i % 8));
        return new ArrayData(BooleanType.Default, values.Length, valid.Count(v => !v), 0, [Validity(valid), bits]);
    }

    public static ArrayData Strings(params string?[] values) => Binary(Utf8Type.Default, values.Select(v => v is null ? null : Encoding.UTF8.GetBytes(v)).ToArray());

    public static ArrayData Binary(ArrowType type, params byte[]?[] values)
    {
        var large = type is LargeUtf8Type or LargeBinaryType;
        var offsets = new List<long> { 0 };
        var data = new List<byte>();
        foreach (var value in values)
        {
            data.AddRange(value ?? []);
            offsets.Add(data.Count);
        }
        var valid = values.Select(v => v is not null).ToArray();
        var offsetBytes = large ? Bytes(offsets.ToArray()) : Bytes(offsets.Select(o => (int)o).ToArray());
        return new ArrayData(type, values.Length, valid.Count(v => !v), 0, [Validity(valid), offsetBytes, data.ToArray()]);
    }

    public static ArrayData FixedSizeBinary(int width, params byte[]?[] values)
    {
        var valid = values.Select(v => v is not null).ToArray();
        var data = values.SelectMany(v => v ?? new byte[width]).ToArray();
        return new ArrayData(new FixedSizeBinaryType(width), values.Length, valid.Count(v => !v), 0, [Validity(valid), data]);
    }

    /// <summary>A list array over <paramref name="child"/>; a null entry in <paramref name="lengths"/> is a null list (of length 0).</summary>
    public static ArrayData List(ArrowType listType, ArrayData child, params int?[] lengths)
    {
        var offsets = new List<long> { 0 };
        foreach (var length in lengths)
            offsets.Add(offsets[^1] + (length ?? 0));
        var valid = lengths.Select(l => l.HasValue).ToArray();
        var offsetBytes = listType is LargeListType ? Bytes(offsets.ToArray()) : Bytes(offsets.Select(o => (int)o).ToArray());
        return new ArrayData(listType, lengths.Length, valid.Count(v => !v), 0, [Validity(valid), offsetBytes], [child]);
    }

    public static ArrayData FixedSizeList(FixedSizeListType type, ArrayData child, params bool[] valid) =>
        new(type, valid.Length, valid.Count(v => !v), 0, [Validity(valid)], [child]);

    public static ArrayData Struct(StructType type, ArrayData[] children, params bool[] valid) =>
        new(type, valid.Length, valid.Count(v => !v), 0, [Validity(valid)], children);

    public static ArrayData Nulls(int length) => new(NullType.Default, length, length, 0, []);
}
