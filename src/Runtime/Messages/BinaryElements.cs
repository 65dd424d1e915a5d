using Quiver.Arrow.Arrays;

namespace Quiver.Messages;

/// <summary>Binary values as zero-copy memory, for list elements (where a span cannot be an element).</summary>
public static class BinaryElements
{
    /// <summary>Slot <paramref name="index"/> of a fixed_size_binary array, in place.</summary>
    public static ReadOnlyMemory<byte> FixedSize(ArrowArray values, int index)
    {
        var array = (FixedSizeBinaryArray)values;
        if ((uint)index >= (uint)array.Length)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"The array has {array.Length} slots.");
        var width = array.ByteWidth;
        return array.Data.Buffers[1].Memory.Slice((array.Data.Offset + index) * width, width);
    }
}
