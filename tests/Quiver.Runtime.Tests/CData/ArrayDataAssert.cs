using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Quiver.Arrow;
using Quiver.Arrow.Memory;
using Quiver.Arrow.Types;

namespace Quiver.Runtime.Tests.CData;

/// <summary>
/// Slot-by-slot comparison of two arrays from their raw buffers (not through the code under
/// test): same type, length, validity, and for valid slots the same value bytes.
/// </summary>
internal static unsafe class ArrayDataAssert
{
    public static void Equal(ArrayData expected, ArrayData actual, string path = "array")
    {
        Assert.True(expected.Type.Equals(actual.Type), $"{path}: type {actual.Type}, expected {expected.Type}");
        Assert.True(expected.Length == actual.Length, $"{path}: length {actual.Length}, expected {expected.Length}");
        Assert.True(expected.NullCount == actual.NullCount, $"{path}: null count {actual.NullCount}, expected {expected.NullCount}");
        if (expected.Type is StructType st)
        {
            for (var c = 0; c < st.Fields.Count; c++)
                Equal(expected.Children[c].Slice(expected.Offset, expected.Length), actual.Children[c].Slice(actual.Offset, actual.Length), $"{path}.{st.Fields[c].Name}");
        }
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(expected.IsValid(i) == actual.IsValid(i), $"{path}[{i}]: validity {actual.IsValid(i)}, expected {expected.IsValid(i)}");
            if (expected.IsValid(i))
                SlotEqual(expected, actual, i, $"{path}[{i}]");
        }
    }

    private static void SlotEqual(ArrayData expected, ArrayData actual, int i, string path)
    {
        switch (expected.Type)
        {
            case BooleanType:
                Assert.True(BitUtil.GetBit(expected.Buffers[1].Span, expected.Offset + i) == BitUtil.GetBit(actual.Buffers[1].Span, actual.Offset + i), path);
                break;
            case Utf8Type or BinaryType:
                Assert.True(Range<int>(expected, i).SequenceEqual(Range<int>(actual, i)), path);
                break;
            case LargeUtf8Type or LargeBinaryType:
                Assert.True(Range<long>(expected, i).SequenceEqual(Range<long>(actual, i)), path);
                break;
            case ListType:
                Equal(ListSlice<int>(expected, i), ListSlice<int>(actual, i), path);
                break;
            case LargeListType:
                Equal(ListSlice<long>(expected, i), ListSlice<long>(actual, i), path);
                break;
            case FixedSizeListType fsl:
                Equal(expected.Children[0].Slice((expected.Offset + i) * fsl.ListSize, fsl.ListSize),
                      actual.Children[0].Slice((actual.Offset + i) * fsl.ListSize, fsl.ListSize), path);
                break;
            case StructType:
                break;
            default:
                var width = (int)(expected.Type.FixedBitWidth / 8);
                Assert.True(expected.Buffers[1].Span.Slice((expected.Offset + i) * width, width)
                    .SequenceEqual(actual.Buffers[1].Span.Slice((actual.Offset + i) * width, width)), path);
                break;
        }
    }

    private static ReadOnlySpan<byte> Range<T>(ArrayData data, int i) where T : unmanaged
    {
        var offsets = MemoryMarshal.Cast<byte, T>(data.Buffers[1].Span);
        var start = Convert.ToInt32(offsets[data.Offset + i]);
        var end = Convert.ToInt32(offsets[data.Offset + i + 1]);
        return data.Buffers[2].Span[start..end];
    }

    private static ArrayData ListSlice<T>(ArrayData data, int i) where T : unmanaged
    {
        var offsets = MemoryMarshal.Cast<byte, T>(data.Buffers[1].Span);
        var start = Convert.ToInt32(offsets[data.Offset + i]);
        var end = Convert.ToInt32(offsets[data.Offset + i + 1]);
        return data.Children[0].Slice(start, end - start);
    }

    /// <summary>The address of a buffer's first byte (null for an empty buffer).</summary>
    public static nint Address(ArrowBuffer buffer) =>
        buffer.IsEmpty ? 0 : (nint)Unsafe.AsPointer(ref MemoryMarshal.GetReference(buffer.Span));

    /// <summary>Asserts that every non-empty buffer of <paramref name="exported"/>, recursively, is at the same address in <paramref name="imported"/>.</summary>
    public static void SameMemory(ArrayData exported, ArrayData imported, string path = "array")
    {
        for (var b = 0; b < exported.Buffers.Length; b++)
        {
            if (!exported.Buffers[b].IsEmpty)
                Assert.True(Address(exported.Buffers[b]) == Address(imported.Buffers[b]), $"{path} buffer {b} was copied");
        }
        for (var c = 0; c < exported.Children.Length; c++)
            SameMemory(exported.Children[c], imported.Children[c], $"{path}.{c}");
    }
}
