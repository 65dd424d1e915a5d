using System.Collections;
using Quiver.Arrow;
using Quiver.Arrow.Arrays;

namespace Quiver.Messages;

/// <summary>Reads element <paramref name="index"/> of <paramref name="values"/> (the values array of a list).</summary>
public delegate T ElementReader<out T>(MessageColumns owner, ArrowArray values, int index);

/// <summary>
/// A zero-copy view of one list of a received message whose elements are not plain numbers
/// (strings, messages, nullable items, nested lists). Elements are read on access; the view is
/// valid while the message it comes from is: it captures the message's generation, so after a release
/// (even when the columns were rebound to another message) every read throws.
/// </summary>
public readonly struct ListView<T> : IReadOnlyList<T>
{
    private readonly MessageColumns _owner;
    private readonly ArrowArray _values;
    private readonly int _start;
    private readonly ElementReader<T> _read;
    private readonly long _generation;

    private ListView(MessageColumns owner, ArrowArray values, int start, int count, ElementReader<T> read)
    {
        _owner = owner;
        _generation = owner.Generation;
        _values = values;
        _start = start;
        Count = count;
        _read = read;
    }

    /// <summary>The list in slot <paramref name="slot"/> of <paramref name="list"/>, a list or fixed-size list array.</summary>
    public static ListView<T> Of(MessageColumns owner, ArrowArray list, int slot, ElementReader<T> read)
    {
        var (values, start, end) = ListRanges.Of(list, slot);
        return new ListView<T>(owner, values, start, end - start, read);
    }

    public int Count { get; }

    public T this[int index]
    {
        get
        {
            _owner.ThrowIfReleased(_generation);
            if ((uint)index >= (uint)Count)
                throw new ArgumentOutOfRangeException(nameof(index), index, $"The list has {Count} elements.");
            return _read(_owner, _values, _start + index);
        }
    }

    /// <summary>Maps every element, e.g. to copy it out: <c>list.ToArray(static item => item.ToValue())</c>.</summary>
    public TResult[] ToArray<TResult>(Func<T, TResult> map)
    {
        var result = new TResult[Count];
        for (var i = 0; i < result.Length; i++)
            result[i] = map(this[i]);
        return result;
    }

    public T[] ToArray() => ToArray(static item => item);

    public IEnumerator<T> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
            yield return this[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>Where one list's elements are in its values array.</summary>
internal static class ListRanges
{
    public static (ArrowArray Values, int Start, int End) Of(ArrowArray list, int slot) => list switch
    {
        ListArray l => Range(l.Values, l.GetRange(slot)),
        FixedSizeListArray f => Range(f.Values, f.GetRange(slot)),
        _ => throw new ArgumentException($"Expected a list or fixed-size list array, not {list.Type}.", nameof(list)),
    };

    private static (ArrowArray, int, int) Range(ArrowArray values, (int Start, int End) range) => (values, range.Start, range.End);
}
