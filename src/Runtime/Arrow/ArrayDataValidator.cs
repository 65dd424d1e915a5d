using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Unicode;
using Quiver.Arrow.Memory;
using Quiver.Arrow.Types;

namespace Quiver.Arrow;

/// <summary>
/// Checks that an <see cref="ArrayData"/> built from untrusted input describes memory it really
/// has: buffer counts match the type, every buffer is long enough for offset + length, offsets
/// are monotonic and inside the data, children are long enough. After it passes, every view
/// accessor stays in bounds. Cost is O(length) for offset checks, nothing per byte of payload
/// unless UTF-8 validation is asked for.
/// </summary>
public static class ArrayDataValidator
{
    public static void Validate(ArrayData data, bool validateUtf8 = false)
    {
        try
        {
            ValidateArray(data, validateUtf8);
        }
        catch (PathlessFailure failure)
        {
            throw failure.WithPath(failure.Path("array"));
        }
    }

    // Arrays are valid far more often than not, so the path of the array being checked
    // ("array.points.item.x") is not built on the way down: a failure records the field names on
    // its way back up, and the exception callers see is made at the top, path included.
    private static void ValidateArray(ArrayData data, bool validateUtf8)
    {
        var type = data.Type;
        if (data.Buffers.Length != type.BufferCount)
            throw Fail(type, $"has {data.Buffers.Length} buffers, expected {type.BufferCount}");
        if (data.Children.Length != type.ChildCount)
            throw Fail(type, $"has {data.Children.Length} children, expected {type.ChildCount}");
        long end = (long)data.Offset + data.Length;
        if (end > int.MaxValue)
            throw Fail(type, $"offset {data.Offset} + length {data.Length} exceeds the 2^31-1 slots Quiver supports");

        if (type.Id != ArrowTypeId.Null)
            ValidateValidity(data, end);

        switch (type)
        {
            case NullType:
                break;
            case BooleanType or IntType or FloatingPointType or DateType or TimeType or TimestampType or DurationType or DecimalType:
                RequireBytes(data, 1, (end * type.FixedBitWidth + 7) / 8, "values");
                break;
            case FixedSizeBinaryType binary:
                // In bytes, not bits: end * bit width can exceed a long for a peer's huge byte width.
                RequireBytes(data, 1, end * binary.ByteWidth, "values");
                break;
            case Utf8Type or BinaryType:
                ValidateOffsets<int>(data, data.Buffers[2].Length, "data");
                if (validateUtf8 && type is Utf8Type)
                    ValidateUtf8<int>(data);
                break;
            case LargeUtf8Type or LargeBinaryType:
                ValidateOffsets<long>(data, data.Buffers[2].Length, "data");
                if (validateUtf8 && type is LargeUtf8Type)
                    ValidateUtf8<long>(data);
                break;
            case ListType list:
                ValidateOffsets<int>(data, data.Children[0].Length, "child");
                ValidateChild(data.Children[0], list.ValueField, validateUtf8);
                break;
            case LargeListType list:
                ValidateOffsets<long>(data, data.Children[0].Length, "child");
                ValidateChild(data.Children[0], list.ValueField, validateUtf8);
                break;
            case MapType map:
                ValidateOffsets<int>(data, data.Children[0].Length, "child");
                ValidateChild(data.Children[0], map.EntriesField, validateUtf8);
                ValidateMapEntries(data.Children[0]);
                break;
            case DictionaryType dictionary:
                RequireBytes(data, 1, end * dictionary.IndexType.BitWidth / 8, "indices");
                ValidateDictionary(data, dictionary, validateUtf8);
                break;
            case FixedSizeListType list:
                if (data.Children[0].Length < end * list.ListSize)
                    throw Fail(type, $"child has {data.Children[0].Length} values, expected at least {end * list.ListSize}");
                ValidateChild(data.Children[0], list.ValueField, validateUtf8);
                break;
            case StructType st:
                for (var i = 0; i < st.Fields.Count; i++)
                {
                    if (data.Children[i].Length < end)
                        throw Fail(type, $"child '{st.Fields[i].Name}' has {data.Children[i].Length} values, expected at least {end}");
                    ValidateChild(data.Children[i], st.Fields[i], validateUtf8);
                }
                break;
            default:
                throw Unsupported(type);
        }
    }

    /// <summary>
    /// The checks of <see cref="Validate"/> that read what an array's buffers hold rather than how
    /// long they are, for this array alone (not its children): that the validity bitmap agrees with
    /// the null count, that offsets are monotonic and inside the data, and that map entries and keys
    /// are not null. Enough to recheck an array bound again to buffers of the same lengths as ones
    /// that passed <see cref="Validate"/>. False when a check fails; <see cref="Validate"/> then says why.
    /// </summary>
    internal static bool ContentIsValid(ArrayData data)
    {
        try
        {
            var type = data.Type;
            if (type.Id != ArrowTypeId.Null)
                ValidateValidity(data, (long)data.Offset + data.Length);
            switch (type)
            {
                case Utf8Type or BinaryType:
                    ValidateOffsets<int>(data, data.Buffers[2].Length, "data");
                    break;
                case LargeUtf8Type or LargeBinaryType:
                    ValidateOffsets<long>(data, data.Buffers[2].Length, "data");
                    break;
                case ListType:
                    ValidateOffsets<int>(data, data.Children[0].Length, "child");
                    break;
                case LargeListType:
                    ValidateOffsets<long>(data, data.Children[0].Length, "child");
                    break;
                case MapType:
                    ValidateOffsets<int>(data, data.Children[0].Length, "child");
                    ValidateMapEntries(data.Children[0]);
                    break;
                case DictionaryType:
                    return false;
            }
            return true;
        }
        catch (PathlessFailure)
        {
            return false;
        }
    }

    /// <summary>Whether <see cref="ContentIsValid"/> has anything to check for <paramref name="data"/>, bound as it is now.</summary>
    internal static bool HasContentToCheck(ArrayData data) =>
        (data.Type.Id != ArrowTypeId.Null && !data.Buffers[0].IsEmpty)
        || data.Type is Utf8Type or BinaryType or LargeUtf8Type or LargeBinaryType or ListType or LargeListType or MapType or DictionaryType;

    private static void ValidateChild(ArrayData child, Field field, bool validateUtf8)
    {
        try
        {
            if (!child.Type.Equals(field.Type))
                throw ChildTypeMismatch(child.Type, field.Type);
            ValidateArray(child, validateUtf8);
        }
        catch (PathlessFailure failure)
        {
            failure.Enter(field.Name);
            throw;
        }
    }

    // Readers skip these checks per entry, so a null entry or key from a peer is refused here.
    private static void ValidateMapEntries(ArrayData entries)
    {
        if (entries.NullCount != 0)
            throw Fail(entries.Type, $"{entries.NullCount} map entries are null; map entries cannot be null");
        var keys = entries.Children[0];
        if (keys.Slice(entries.Offset, entries.Length).NullCount != 0)
            throw Fail(entries.Type, "a map key is null; map keys cannot be null");
    }

    private static void ValidateDictionary(ArrayData data, DictionaryType type, bool validateUtf8)
    {
        var values = data.Dictionary ?? throw Fail(type, "has no dictionary");
        try
        {
            if (!values.Type.Equals(type.ValueType))
                throw ChildTypeMismatch(values.Type, type.ValueType);
            ValidateArray(values, validateUtf8);
        }
        catch (PathlessFailure failure)
        {
            failure.Enter("dictionary");
            throw;
        }
        var indices = data.Buffers[1].Span;
        switch (type.IndexType.BitWidth, type.IndexType.IsSigned)
        {
            case (8, true): ValidateIndices(data, MemoryMarshal.Cast<byte, sbyte>(indices), values.Length); break;
            case (16, true): ValidateIndices(data, MemoryMarshal.Cast<byte, short>(indices), values.Length); break;
            case (32, true): ValidateIndices(data, MemoryMarshal.Cast<byte, int>(indices), values.Length); break;
            case (64, true): ValidateIndices(data, MemoryMarshal.Cast<byte, long>(indices), values.Length); break;
            case (8, false): ValidateIndices(data, indices, values.Length); break;
            case (16, false): ValidateIndices(data, MemoryMarshal.Cast<byte, ushort>(indices), values.Length); break;
            case (32, false): ValidateIndices(data, MemoryMarshal.Cast<byte, uint>(indices), values.Length); break;
            default: ValidateIndices(data, MemoryMarshal.Cast<byte, ulong>(indices), values.Length); break;
        }
    }

    /// <summary>Every valid slot's index points into the dictionary; null slots may hold anything, as in Arrow.</summary>
    private static void ValidateIndices<T>(ArrayData data, ReadOnlySpan<T> indices, int dictionaryLength) where T : unmanaged, System.Numerics.IBinaryInteger<T>
    {
        var bitmap = data.NullCount == 0 ? default : data.ValidityBitmap;
        for (var i = 0; i < data.Length; i++)
        {
            var slot = data.Offset + i;
            if (!bitmap.IsEmpty && !BitUtil.GetBit(bitmap, slot))
                continue;
            var index = long.CreateSaturating(indices[slot]);
            if (index < 0 || index >= dictionaryLength)
                throw Fail(data.Type, $"slot {i} has the index {indices[slot]}, outside the dictionary of {dictionaryLength} values");
        }
    }

    private static void ValidateValidity(ArrayData data, long end)
    {
        var declared = data.DeclaredNullCount;
        if (declared > data.Length)
            throw Fail(data.Type, $"null count {declared} is larger than the length {data.Length}");
        var bitmap = data.Buffers[0];
        if (bitmap.IsEmpty)
        {
            if (declared > 0)
                throw Fail(data.Type, $"null count is {declared} but there is no validity bitmap");
            return;
        }
        RequireBytes(data, 0, (end + 7) / 8, "validity bitmap");
        // Consumers skip null checks when the count says 0, so a count that disagrees with the bitmap is refused.
        var counted = data.Length - BitUtil.CountSetBits(bitmap.Span, data.Offset, data.Length);
        if (declared != ArrayData.UnknownNullCount && declared != counted)
            throw Fail(data.Type, $"null count says {declared}, the validity bitmap has {counted} nulls");
    }

    private static void RequireBytes(ArrayData data, int bufferIndex, long needed, string what)
    {
        if (data.Buffers[bufferIndex].Length < needed)
            throw Fail(data.Type, $"{what} buffer has {data.Buffers[bufferIndex].Length} bytes, {needed} needed for offset {data.Offset} + length {data.Length}");
    }

    private static void ValidateOffsets<T>(ArrayData data, long limit, string what) where T : unmanaged
    {
        var width = Unsafe.SizeOf<T>();
        if (data.Length == 0 && data.Buffers[1].IsEmpty)
            return;
        RequireBytes(data, 1, ((long)data.Offset + data.Length + 1) * width, "offsets");
        var offsets = MemoryMarshal.Cast<byte, T>(data.Buffers[1].Span).Slice(data.Offset, data.Length + 1);
        long previous = ToInt64(offsets[0]);
        if (previous < 0)
            throw Fail(data.Type, $"first offset is negative ({previous})");
        for (var i = 1; i < offsets.Length; i++)
        {
            long current = ToInt64(offsets[i]);
            if (current < previous)
                throw Fail(data.Type, $"offsets are not monotonic at slot {i - 1}: {previous} then {current}");
            previous = current;
        }
        if (previous > limit)
            throw Fail(data.Type, $"last offset {previous} is beyond the {limit} {(what == "data" ? "bytes of data" : "child values")}");
    }

    private static long ToInt64<T>(T value) where T : unmanaged => value switch
    {
        int i => i,
        long l => l,
        _ => throw new InvalidOperationException("Offsets are 32 or 64 bits."),
    };

    private static void ValidateUtf8<T>(ArrayData data) where T : unmanaged
    {
        if (data.Length == 0)
            return;
        var offsets = MemoryMarshal.Cast<byte, T>(data.Buffers[1].Span).Slice(data.Offset, data.Length + 1);
        var bytes = data.Buffers[2].Span;
        for (var i = 0; i < data.Length; i++)
        {
            var start = (int)ToInt64(offsets[i]);
            var stop = (int)ToInt64(offsets[i + 1]);
            if (!Utf8.IsValid(bytes[start..stop]))
                throw Fail(data.Type, $"value {i} is not valid UTF-8");
        }
    }

    // The failures are made in methods of their own: a lambda in the validating methods would
    // make them allocate its captured variables on every call, failing or not.
    private static PathlessFailure Unsupported(ArrowType type) =>
        new(path => new ArrowNotSupportedException($"Quiver does not support the Arrow type {type} at {path}."));

    private static PathlessFailure ChildTypeMismatch(ArrowType actual, ArrowType expected) =>
        new(path => new ArrowFormatException($"Invalid Arrow array at {path}: child is {actual}, the type says {expected}."));

    private static PathlessFailure Fail(ArrowType type, string problem) =>
        new(path => new ArrowFormatException($"Invalid Arrow array at {path} ({type}): {problem}."));

    /// <summary>A failure on its way up to <see cref="Validate(ArrayData, bool)"/>, collecting the names of the fields it passes.</summary>
    private sealed class PathlessFailure(Func<string, ArrowFormatException> withPath) : Exception
    {
        private readonly List<string> _innermostFirst = [];

        public void Enter(string fieldName) => _innermostFirst.Add(fieldName);

        public string Path(string root)
        {
            var path = new StringBuilder(root);
            for (var i = _innermostFirst.Count - 1; i >= 0; i--)
                path.Append('.').Append(_innermostFirst[i]);
            return path.ToString();
        }

        public ArrowFormatException WithPath(string path) => withPath(path);
    }
}
