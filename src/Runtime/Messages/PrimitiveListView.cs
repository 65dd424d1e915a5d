using System.Collections;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Quiver.Arrow.Arrays;

namespace Quiver.Messages;

/// <summary>
/// A zero-copy view of one list of numbers (or enums, timestamps, durations) nested inside another
/// list, where a <see cref="ReadOnlySpan{T}"/> cannot be an element. <see cref="Span"/> reads the
/// numbers in place. Like every view it captures its message's generation and throws once the
/// message is released.
/// </summary>
public readonly struct PrimitiveListView<T> : IReadOnlyList<T> where T : unmanaged
{
    private readonly MessageColumns _owner;
    private readonly ArrowArray _values;
    private readonly int _start;
    private readonly long _generation;

    private PrimitiveListView(MessageColumns owner, ArrowArray values, int start, int count)
    {
        _owner = owner;
        _generation = owner.Generation;
        _values = values;
        _start = start;
        Count = count;
    }

    public static PrimitiveListView<T> Of(MessageColumns owner, ArrowArray list, int slot)
    {
        var (values, start, end) = ListRanges.Of(list, slot);
        return new PrimitiveListView<T>(owner, values, start, end - start);
    }

    public int Count { get; }

    public ReadOnlySpan<T> Span
    {
        get
        {
            _owner.ThrowIfReleased(_generation);
            return PrimitiveSpans.Values<T>(_values).Slice(_start, Count);
        }
    }

    public T this[int index] => Span[index];

    public T[] ToArray() => Span.ToArray();

    public IEnumerator<T> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
            yield return this[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>Spans over the values of primitive arrays, typed as the message declares them (an enum over its base integer).</summary>
public static class PrimitiveSpans
{
    /// <summary>
    /// The values of <paramref name="array"/>, a primitive array whose values are as wide as
    /// <typeparamref name="T"/> (an enum reads its base integer type's array).
    /// </summary>
    public static ReadOnlySpan<T> Values<T>(ArrowArray array) where T : unmanaged
    {
        var width = array.Type.FixedBitWidth;
        if (width != Unsafe.SizeOf<T>() * 8L || array.Type.BufferCount != 2)
            throw new ArgumentException($"A {array.Type} array does not hold {typeof(T).Name} values.", nameof(array));
        return MemoryMarshal.Cast<byte, T>(array.Data.Buffers[1].Span).Slice(array.Data.Offset, array.Length);
    }

    /// <summary>The numbers of the list in slot <paramref name="slot"/> of <paramref name="list"/> (a list or fixed-size list of primitives).</summary>
    public static ReadOnlySpan<T> List<T>(MessageColumns owner, ArrowArray list, int slot) where T : unmanaged
    {
        owner.ThrowIfReleased();
        var (values, start, end) = ListRanges.Of(list, slot);
        return Values<T>(values).Slice(start, end - start);
    }
}
