using System.Buffers;
using System.IO.Hashing;

namespace Quiver.Bridge;

/// <summary>
/// Copies bytes and computes their XxHash3 in one pass, a block at a time: the block is hashed
/// while it sits in the core's cache and copied from there, so a 16 MiB message is read from
/// memory once where hashing it and then copying it would read it twice.
/// </summary>
internal static class HashingCopy
{
    // Small enough to stay in a core's first-level cache between the hash and the copy.
    private const int Block = 16 << 10;

    [ThreadStatic]
    private static XxHash3? t_hash;

    /// <summary>Copies <paramref name="source"/> to the start of <paramref name="destination"/>; returns the source's XxHash3.</summary>
    public static ulong Copy(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        var hash = Fresh();
        Append(hash, source, destination);
        return hash.GetCurrentHashAsUInt64();
    }

    /// <inheritdoc cref="Copy(ReadOnlySpan{byte}, Span{byte})"/>
    public static ulong Copy(in ReadOnlySequence<byte> source, Span<byte> destination)
    {
        var hash = Fresh();
        foreach (var segment in source)
        {
            Append(hash, segment.Span, destination);
            destination = destination[segment.Length..];
        }
        return hash.GetCurrentHashAsUInt64();
    }

    private static XxHash3 Fresh()
    {
        var hash = t_hash ??= new XxHash3();
        hash.Reset();
        return hash;
    }

    private static void Append(XxHash3 hash, ReadOnlySpan<byte> source, Span<byte> destination)
    {
        for (int offset = 0; offset < source.Length; offset += Block)
        {
            var block = source.Slice(offset, Math.Min(Block, source.Length - offset));
            hash.Append(block);
            block.CopyTo(destination[offset..]);
        }
    }
}
