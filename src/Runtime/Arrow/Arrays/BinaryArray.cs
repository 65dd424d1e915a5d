using System.Runtime.InteropServices;

namespace Quiver.Arrow.Arrays;

/// <summary>Variable-length bytes with 32-bit offsets (binary, and utf8 through <see cref="StringArray"/>).</summary>
public class BinaryArray(ArrayData data) : ArrowArray(data)
{
    /// <summary>The offsets of this window: Length + 1 entries (empty for an empty array without offsets).</summary>
    public ReadOnlySpan<int> ValueOffsets => Data.Length == 0 && Data.Buffers[1].IsEmpty
        ? default
        : MemoryMarshal.Cast<byte, int>(Data.Buffers[1].Span).Slice(Data.Offset, Data.Length + 1);

    /// <summary>The whole data buffer, shared with other slots.</summary>
    public ReadOnlySpan<byte> ValueData => Data.Buffers[2].Span;

    /// <summary>The bytes of slot <paramref name="index"/>, pointing into the data buffer (empty for null).</summary>
    public ReadOnlySpan<byte> GetBytes(int index)
    {
        CheckIndex(index);
        var offsets = MemoryMarshal.Cast<byte, int>(Data.Buffers[1].Span);
        var start = offsets[Data.Offset + index];
        return Data.Buffers[2].Span[start..offsets[Data.Offset + index + 1]];
    }

    /// <summary>The slot as memory, for callers that keep it beyond a stack frame.</summary>
    public ReadOnlyMemory<byte> GetMemory(int index)
    {
        CheckIndex(index);
        var offsets = MemoryMarshal.Cast<byte, int>(Data.Buffers[1].Span);
        var start = offsets[Data.Offset + index];
        return Data.Buffers[2].Memory[start..offsets[Data.Offset + index + 1]];
    }
}

/// <summary>UTF-8 strings; decoding is strict, so invalid bytes from a peer surface as <see cref="ArrowFormatException"/>.</summary>
public sealed class StringArray(ArrayData data) : BinaryArray(data)
{
    public string? GetString(int index) => IsValid(index) ? Utf8Strings.Decode(GetBytes(index)) : null;
}

/// <summary>Variable-length bytes with 64-bit offsets (large_binary, and large_utf8 through <see cref="LargeStringArray"/>).</summary>
public class LargeBinaryArray(ArrayData data) : ArrowArray(data)
{
    public ReadOnlySpan<long> ValueOffsets => Data.Length == 0 && Data.Buffers[1].IsEmpty
        ? default
        : MemoryMarshal.Cast<byte, long>(Data.Buffers[1].Span).Slice(Data.Offset, Data.Length + 1);

    public ReadOnlySpan<byte> ValueData => Data.Buffers[2].Span;

    public ReadOnlySpan<byte> GetBytes(int index)
    {
        CheckIndex(index);
        var offsets = MemoryMarshal.Cast<byte, long>(Data.Buffers[1].Span);
        // The validator bounded every offset by the data buffer's int length, so the casts are exact.
        return Data.Buffers[2].Span[(int)offsets[Data.Offset + index]..(int)offsets[Data.Offset + index + 1]];
    }
}

public sealed class LargeStringArray(ArrayData data) : LargeBinaryArray(data)
{
    public string? GetString(int index) => IsValid(index) ? Utf8Strings.Decode(GetBytes(index)) : null;
}

/// <summary>Values of exactly <see cref="ByteWidth"/> bytes each.</summary>
public sealed class FixedSizeBinaryArray(ArrayData data) : ArrowArray(data)
{
    public int ByteWidth => ((Types.FixedSizeBinaryType)Type).ByteWidth;

    public ReadOnlySpan<byte> GetBytes(int index)
    {
        CheckIndex(index);
        var width = ByteWidth;
        return Data.Buffers[1].Span.Slice((Data.Offset + index) * width, width);
    }
}
