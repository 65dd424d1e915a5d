using System.Runtime.InteropServices;
using Quiver.Arrow.Memory;
using Quiver.Arrow.Types;

namespace Quiver.Arrow.CData;

/// <summary>
/// Turns a producer's <see cref="CArrowArray"/> tree into <see cref="ArrayData"/> whose buffers
/// point straight into the producer's memory. The C struct carries no buffer lengths, so each
/// length is computed from the type, <c>offset</c> and <c>length</c> — for variable-size data
/// from the last offset — exactly what the spec obliges the producer to provide. Every field
/// is checked before it is used; <see cref="ArrayDataValidator"/> then checks the contents
/// (null counts, monotonic offsets, child lengths).
/// </summary>
internal static unsafe class CArrayDataReader
{
    public static ArrayData Read(CArrowArray* node, ArrowType type, string path)
    {
        if (node->release == null)
            throw Fail(path, type, "the struct is released (its release callback is null)");
        if (node->dictionary != null && type is not DictionaryType)
            throw Fail(path, type, "it has a dictionary, but its type is not dictionary-encoded");
        if (node->dictionary == null && type is DictionaryType)
            throw Fail(path, type, "its type is dictionary-encoded, but it has no dictionary");
        if (node->length < 0 || node->length > int.MaxValue)
            throw Fail(path, type, $"length {node->length} is outside 0..{int.MaxValue}");
        if (node->offset < 0 || node->offset > int.MaxValue)
            throw Fail(path, type, $"offset {node->offset} is outside 0..{int.MaxValue}");
        var length = (int)node->length;
        var offset = (int)node->offset;
        long end = (long)offset + length;
        if (end > int.MaxValue)
            throw Fail(path, type, $"offset {offset} + length {length} exceeds the 2^31-1 slots Quiver supports");
        if (node->null_count < ArrayData.UnknownNullCount || node->null_count > length)
            throw Fail(path, type, $"null_count {node->null_count} is outside -1..{length}");

        // Older Arrow C++ exported one (ignored) buffer for the null type; the spec's layout has none.
        var legacyNullBuffer = type is NullType && node->n_buffers == 1;
        if (node->n_buffers != type.BufferCount && !legacyNullBuffer)
            throw Fail(path, type, $"n_buffers is {node->n_buffers}, the type has {type.BufferCount}");
        if (node->n_children != type.Children.Count)
            throw Fail(path, type, $"n_children is {node->n_children}, the type has {type.Children.Count}");
        if (node->n_buffers > 0 && node->buffers == null)
            throw Fail(path, type, $"buffers is null but n_buffers is {node->n_buffers}");
        if (node->n_children > 0 && node->children == null)
            throw Fail(path, type, $"children is null but n_children is {node->n_children}");

        var children = new ArrayData[type.Children.Count];
        for (var i = 0; i < children.Length; i++)
        {
            var child = node->children[i];
            var field = type.Children[i];
            if (child == null)
                throw Fail(path, type, $"child {i} ('{field.Name}') is a null pointer");
            children[i] = Read(child, field.Type, $"{path}.{field.Name}");
        }

        var buffers = ReadBuffers(node, type, end, path);
        // Every slot of a null array is null whatever the producer counted; nothing else reads that count.
        var nullCount = type is NullType ? length : (int)node->null_count;
        var dictionary = type is DictionaryType encoded ? Read(node->dictionary, encoded.ValueType, path + ".dictionary") : null;
        return new ArrayData(type, length, nullCount, offset, buffers, children, dictionary);
    }

    private static ArrowBuffer[] ReadBuffers(CArrowArray* node, ArrowType type, long end, string path)
    {
        switch (type)
        {
            case NullType:
                return [];
            case BooleanType or IntType or FloatingPointType or DateType or TimeType or TimestampType or DurationType or DecimalType or DictionaryType:
                return [Validity(node, end), Buffer(node, 1, (end * type.FixedBitWidth + 7) / 8, "values", path, type)];
            case FixedSizeBinaryType fsb:
                return [Validity(node, end), Buffer(node, 1, end * fsb.ByteWidth, "values", path, type)];
            case Utf8Type or BinaryType:
            {
                var offsets = Offsets(node, end, sizeof(int), path, type);
                var dataLength = offsets.IsEmpty ? 0 : MemoryMarshal.Read<int>(offsets.Span[(int)(end * sizeof(int))..]);
                return [Validity(node, end), offsets, Buffer(node, 2, dataLength, "data", path, type)];
            }
            case LargeUtf8Type or LargeBinaryType:
            {
                var offsets = Offsets(node, end, sizeof(long), path, type);
                var dataLength = offsets.IsEmpty ? 0 : MemoryMarshal.Read<long>(offsets.Span[(int)(end * sizeof(long))..]);
                return [Validity(node, end), offsets, Buffer(node, 2, dataLength, "data", path, type)];
            }
            case ListType or MapType:
                return [Validity(node, end), Offsets(node, end, sizeof(int), path, type)];
            case LargeListType:
                return [Validity(node, end), Offsets(node, end, sizeof(long), path, type)];
            case FixedSizeListType or StructType:
                return [Validity(node, end)];
            default:
                throw new ArrowNotSupportedException($"Quiver does not support importing the Arrow type {type} at {path}.");
        }
    }

    /// <summary>A null bitmap pointer means "no nulls"; the validator refuses it if null_count says otherwise.</summary>
    private static ArrowBuffer Validity(CArrowArray* node, long end)
    {
        var bitmap = (byte*)node->buffers[0];
        return bitmap == null ? ArrowBuffer.Empty : Wrap(bitmap, (int)((end + 7) / 8));
    }

    /// <summary>
    /// length + offset + 1 offsets. A zero-length array may come without any (the spec lets a
    /// producer pass null for a buffer it has nothing in, and Arrow C++ does for empty arrays).
    /// </summary>
    private static ArrowBuffer Offsets(CArrowArray* node, long end, int width, string path, ArrowType type)
    {
        if (node->buffers[1] == null && node->length == 0)
            return ArrowBuffer.Empty;
        return Buffer(node, 1, (end + 1) * width, "offsets", path, type);
    }

    private static ArrowBuffer Buffer(CArrowArray* node, int index, long bytes, string what, string path, ArrowType type)
    {
        if (bytes < 0)
            throw Fail(path, type, $"the last offset says the {what} buffer has {bytes} bytes");
        if (bytes > int.MaxValue)
            throw Fail(path, type, $"the {what} buffer would be {bytes} bytes; Quiver supports buffers up to 2 GiB");
        var pointer = (byte*)node->buffers[index];
        if (pointer == null)
        {
            if (bytes == 0)
                return ArrowBuffer.Empty;
            throw Fail(path, type, $"the {what} buffer pointer is null but {bytes} bytes are needed");
        }
        return Wrap(pointer, (int)bytes);
    }

    private static ArrowBuffer Wrap(byte* pointer, int bytes) => new(new UnmanagedMemoryManager(pointer, bytes).Memory);

    private static ArrowFormatException Fail(string path, ArrowType type, string problem) =>
        new($"Invalid ArrowArray at {path} ({type}): {problem}.");
}
