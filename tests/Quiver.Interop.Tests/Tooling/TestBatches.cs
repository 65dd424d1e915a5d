using System.Buffers.Binary;
using System.Text;
using Quiver.Arrow;
using Quiver.Arrow.Arrays;
using Quiver.Arrow.Memory;
using Quiver.Arrow.Types;

namespace Quiver.Interop.Tests.Tooling;

/// <summary>
/// Lays out record batches by hand from plain C# values, over managed arrays, independently of
/// Quiver's builders, so the interop tests know exactly what bytes they hand to the code under test.
/// One C# value per slot, <c>null</c> for a null slot:
/// bool; sbyte, short, int, long, byte, ushort, uint, ulong (exactly the integer type's width and
/// sign); Half, float, double; string for utf8 kinds; byte[] for binary kinds; int days (date32),
/// long milliseconds (date64); int (time32) or long (time64) counts; long counts for timestamp and
/// duration; a list of values for list kinds; a list with one value per field for structs;
/// <c>BigInteger</c> unscaled values for decimals; for maps a list of entries, each a list of key
/// and value; strings for dictionary-encoded strings (the dictionary holds each distinct one once,
/// in order of appearance).
/// </summary>
public static class TestBatches
{
    public static RecordBatch Create(Schema schema, IReadOnlyList<object?>[] columns)
    {
        if (columns.Length != schema.Fields.Count)
            throw new ArgumentException($"The schema has {schema.Fields.Count} fields but {columns.Length} columns were given.", nameof(columns));
        var length = columns.Length == 0 ? 0 : columns[0].Count;
        var arrays = schema.Fields.Select((field, i) => ArrowArrayFactory.Create(CreateArray(field.Type, columns[i])));
        return new RecordBatch(schema, arrays, length);
    }

    /// <summary>The batch of <paramref name="columns"/> with every column sliced to [offset, offset + length): buffers keep their full extent.</summary>
    public static RecordBatch CreateSliced(Schema schema, IReadOnlyList<object?>[] columns, int offset, int length)
    {
        var arrays = schema.Fields.Select((field, i) => ArrowArrayFactory.Create(CreateArray(field.Type, columns[i]).Slice(offset, length)));
        return new RecordBatch(schema, arrays, length);
    }

    public static ArrayData CreateArray(ArrowType type, IReadOnlyList<object?> values)
    {
        var length = values.Count;
        var nullCount = values.Count(v => v is null);
        var validity = nullCount == 0 ? ArrowBuffer.Empty : Bitmap(values, v => v is not null);
        return type switch
        {
            NullType => new ArrayData(type, length, length, 0, []),
            BooleanType => new ArrayData(type, length, nullCount, 0, [validity, Bitmap(values, v => v is true)]),
            Utf8Type or BinaryType => new ArrayData(type, length, nullCount, 0, [validity, .. VariableBinary(values, largeOffsets: false)]),
            LargeUtf8Type or LargeBinaryType => new ArrayData(type, length, nullCount, 0, [validity, .. VariableBinary(values, largeOffsets: true)]),
            FixedSizeBinaryType binary => new ArrayData(type, length, nullCount, 0, [validity, FixedSizeBinary(values, binary.ByteWidth)]),
            ListType list => List(type, list.ValueField.Type, values, validity, nullCount, largeOffsets: false),
            LargeListType list => List(type, list.ValueField.Type, values, validity, nullCount, largeOffsets: true),
            FixedSizeListType list => FixedSizeList(list, values, validity, nullCount),
            StructType structType => Struct(structType, values, validity, nullCount),
            MapType map => List(type, map.EntriesField.Type, values, validity, nullCount, largeOffsets: false),
            DecimalType decimalType => new ArrayData(type, length, nullCount, 0, [validity, Decimals(values, decimalType.BitWidth / 8)]),
            DictionaryType dictionary => Dictionary(dictionary, values, validity, nullCount),
            _ when type.FixedBitWidth % 8 == 0 && type.FixedBitWidth > 0 =>
                new ArrayData(type, length, nullCount, 0, [validity, FixedWidth(values, checked((int)(type.FixedBitWidth / 8)))]),
            _ => throw new ArgumentException($"TestBatches cannot lay out {type}.", nameof(type)),
        };
    }

    private static byte[] Decimals(IReadOnlyList<object?> values, int width)
    {
        var bytes = new byte[values.Count * width];
        for (var i = 0; i < values.Count; i++)
        {
            if (values[i] is not System.Numerics.BigInteger unscaled)
                continue;
            var slot = bytes.AsSpan(i * width, width);
            slot.Fill(unscaled.Sign < 0 ? (byte)0xFF : (byte)0);
            if (!unscaled.TryWriteBytes(slot, out _, isUnsigned: false, isBigEndian: false))
                throw new ArgumentException($"{unscaled} does not fit {width} bytes.", nameof(values));
        }
        return bytes;
    }

    private static ArrayData Dictionary(DictionaryType type, IReadOnlyList<object?> values, ArrowBuffer validity, int nullCount)
    {
        var distinct = values.OfType<string>().Distinct().ToList();
        object? Index(object? value) => value is string text ? (object)distinct.IndexOf(text) : null;
        var indices = CreateArray(type.IndexType, values.Select(Index).ToList());
        return new ArrayData(type, values.Count, nullCount, 0, [validity, indices.Buffers[1]], dictionary: CreateArray(type.ValueType, distinct.Cast<object?>().ToList()));
    }

    private static byte[] Bitmap(IReadOnlyList<object?> values, Func<object?, bool> isSet)
    {
        var bitmap = new byte[BitUtil.BytesForBits(values.Count)];
        for (var i = 0; i < values.Count; i++)
            BitUtil.SetBit(bitmap, i, isSet(values[i]));
        return bitmap;
    }

    private static byte[] FixedWidth(IReadOnlyList<object?> values, int width)
    {
        var bytes = new byte[values.Count * width];
        for (var i = 0; i < values.Count; i++)
        {
            if (values[i] is { } value)
                WriteLittleEndian(bytes.AsSpan(i * width, width), value);
        }
        return bytes;
    }

    private static void WriteLittleEndian(Span<byte> slot, object value)
    {
        var width = value switch
        {
            sbyte or byte => 1,
            short or ushort or Half => 2,
            int or uint or float => 4,
            long or ulong or double => 8,
            _ => 0,
        };
        if (width != slot.Length)
            throw new ArgumentException($"A {value.GetType().Name} does not fit a {slot.Length}-byte slot.", nameof(value));
        switch (value)
        {
            case sbyte v: slot[0] = (byte)v; break;
            case byte v: slot[0] = v; break;
            case short v: BinaryPrimitives.WriteInt16LittleEndian(slot, v); break;
            case ushort v: BinaryPrimitives.WriteUInt16LittleEndian(slot, v); break;
            case Half v: BinaryPrimitives.WriteHalfLittleEndian(slot, v); break;
            case int v: BinaryPrimitives.WriteInt32LittleEndian(slot, v); break;
            case uint v: BinaryPrimitives.WriteUInt32LittleEndian(slot, v); break;
            case float v: BinaryPrimitives.WriteSingleLittleEndian(slot, v); break;
            case long v: BinaryPrimitives.WriteInt64LittleEndian(slot, v); break;
            case ulong v: BinaryPrimitives.WriteUInt64LittleEndian(slot, v); break;
            case double v: BinaryPrimitives.WriteDoubleLittleEndian(slot, v); break;
        }
    }

    private static ArrowBuffer[] VariableBinary(IReadOnlyList<object?> values, bool largeOffsets)
    {
        var data = new List<byte>();
        var offsets = new List<long> { 0 };
        foreach (var value in values)
        {
            if (value is not null)
                data.AddRange(Bytes(value));
            offsets.Add(data.Count);
        }
        return [Offsets(offsets, largeOffsets), data.ToArray()];
    }

    private static byte[] Bytes(object value) => value switch
    {
        string text => Encoding.UTF8.GetBytes(text),
        byte[] bytes => bytes,
        _ => throw new ArgumentException($"A {value.GetType().Name} is neither a string nor bytes.", nameof(value)),
    };

    private static byte[] Offsets(List<long> offsets, bool large)
    {
        var width = large ? 8 : 4;
        var bytes = new byte[offsets.Count * width];
        for (var i = 0; i < offsets.Count; i++)
        {
            if (large)
                BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(i * 8), offsets[i]);
            else
                BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(i * 4), checked((int)offsets[i]));
        }
        return bytes;
    }

    private static byte[] FixedSizeBinary(IReadOnlyList<object?> values, int width)
    {
        var bytes = new byte[values.Count * width];
        for (var i = 0; i < values.Count; i++)
        {
            if (values[i] is not { } value)
                continue;
            var slot = Bytes(value);
            if (slot.Length != width)
                throw new ArgumentException($"Slot {i} has {slot.Length} bytes, the type {width}.", nameof(values));
            slot.CopyTo(bytes, i * width);
        }
        return bytes;
    }

    private static ArrayData List(ArrowType type, ArrowType itemType, IReadOnlyList<object?> values, ArrowBuffer validity, int nullCount, bool largeOffsets)
    {
        var items = new List<object?>();
        var offsets = new List<long> { 0 };
        foreach (var value in values)
        {
            if (value is not null)
                items.AddRange(Items(value));
            offsets.Add(items.Count);
        }
        return new ArrayData(type, values.Count, nullCount, 0, [validity, Offsets(offsets, largeOffsets)], [CreateArray(itemType, items)]);
    }

    private static ArrayData FixedSizeList(FixedSizeListType type, IReadOnlyList<object?> values, ArrowBuffer validity, int nullCount)
    {
        var items = new List<object?>();
        foreach (var value in values)
        {
            // A null list still owns ListSize child slots; they are null too.
            var list = value is null ? Enumerable.Repeat<object?>(null, type.ListSize).ToList() : Items(value);
            if (list.Count != type.ListSize)
                throw new ArgumentException($"A list of {list.Count} values does not fit {type}.", nameof(values));
            items.AddRange(list);
        }
        return new ArrayData(type, values.Count, nullCount, 0, [validity], [CreateArray(type.ValueField.Type, items)]);
    }

    private static ArrayData Struct(StructType type, IReadOnlyList<object?> values, ArrowBuffer validity, int nullCount)
    {
        var children = type.Fields.Select((field, k) =>
            CreateArray(field.Type, values.Select(row => row is null ? null : Items(row)[k]).ToList()));
        return new ArrayData(type, values.Count, nullCount, 0, [validity], children.ToArray());
    }

    private static List<object?> Items(object value) => value is IEnumerable<object?> items
        ? items.ToList()
        : throw new ArgumentException($"A {value.GetType().Name} is not a list of values.", nameof(value));
}
