using System.Numerics;
using System.Runtime.InteropServices;

namespace Quiver.Arrow.Memory;

/// <summary>Arrow bitmaps are least-significant-bit first: bit i lives in byte i/8 at position i%8.</summary>
public static class BitUtil
{
    public static bool GetBit(ReadOnlySpan<byte> bitmap, int index) => (bitmap[index >> 3] & (1 << (index & 7))) != 0;

    public static void SetBit(Span<byte> bitmap, int index, bool value)
    {
        ref var b = ref bitmap[index >> 3];
        var mask = (byte)(1 << (index & 7));
        b = value ? (byte)(b | mask) : (byte)(b & ~mask);
    }

    public static int BytesForBits(long bits) => checked((int)((bits + 7) >> 3));

    /// <summary>Counts the set bits in [offset, offset + length). The caller has checked the bitmap is long enough.</summary>
    public static int CountSetBits(ReadOnlySpan<byte> bitmap, int offset, int length)
    {
        var count = 0;
        var i = offset;
        var end = offset + length;
        while (i < end && (i & 7) != 0)
        {
            if (GetBit(bitmap, i)) count++;
            i++;
        }
        var wholeBytes = bitmap.Slice(i >> 3, (end - i) >> 3);
        var words = MemoryMarshal.Cast<byte, ulong>(wholeBytes);
        foreach (var word in words)
            count += BitOperations.PopCount(word);
        foreach (var b in wholeBytes[(words.Length * 8)..])
            count += BitOperations.PopCount(b);
        i += wholeBytes.Length * 8;
        while (i < end)
        {
            if (GetBit(bitmap, i)) count++;
            i++;
        }
        return count;
    }

    public static int RoundUpToMultipleOf8(int value) => checked((value + 7) & ~7);

    public static int RoundUpToMultipleOf64(int value) => checked((value + 63) & ~63);

    public static long RoundUpToMultipleOf8(long value) => checked((value + 7) & ~7L);
}
