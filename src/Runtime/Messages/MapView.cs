using System.Collections;
using Quiver.Arrow.Arrays;

namespace Quiver.Messages;

/// <summary>
/// A zero-copy view of one map of a received message: its entries in stored order, keys and
/// values read on access. Arrow maps may repeat a key; <see cref="TryGetValue"/> finds the first
/// entry with it, <see cref="ToDictionary()"/> keeps the last. Valid while the message is: it
/// captures the message's generation, so after a release every read throws.
/// </summary>
public readonly struct MapView<TKey, TValue> : IReadOnlyList<KeyValuePair<TKey, TValue>> where TKey : notnull
{
    private readonly MessageColumns _owner;
    private readonly ArrowArray _keys;
    private readonly ArrowArray _values;
    private readonly int _start;
    private readonly ElementReader<TKey> _readKey;
    private readonly ElementReader<TValue> _readValue;
    private readonly long _generation;

    private MapView(MessageColumns owner, MapArray map, int start, int count, ElementReader<TKey> readKey, ElementReader<TValue> readValue)
    {
        _owner = owner;
        _generation = owner.Generation;
        _keys = map.Keys;
        _values = map.Items;
        _start = start;
        Count = count;
        _readKey = readKey;
        _readValue = readValue;
    }

    /// <summary>The map in slot <paramref name="slot"/> of <paramref name="map"/>, a map array.</summary>
    public static MapView<TKey, TValue> Of(MessageColumns owner, ArrowArray map, int slot, ElementReader<TKey> readKey, ElementReader<TValue> readValue)
    {
        var mapArray = map as MapArray ?? throw new ArgumentException($"Expected a map array, not {map.Type}.", nameof(map));
        var (start, end) = mapArray.GetRange(slot);
        return new MapView<TKey, TValue>(owner, mapArray, start, end - start, readKey, readValue);
    }

    /// <summary>The number of entries (repeated keys counted each time).</summary>
    public int Count { get; }

    public KeyValuePair<TKey, TValue> this[int index]
    {
        get
        {
            var entry = Entry(index);
            return new KeyValuePair<TKey, TValue>(_readKey(_owner, _keys, entry), _readValue(_owner, _values, entry));
        }
    }

    /// <summary>The value of the first entry whose key equals <paramref name="key"/>; a linear search, as Arrow maps have no index.</summary>
    public bool TryGetValue(TKey key, out TValue value)
    {
        var comparer = EqualityComparer<TKey>.Default;
        for (var i = 0; i < Count; i++)
        {
            var entry = Entry(i);
            if (comparer.Equals(_readKey(_owner, _keys, entry), key))
            {
                value = _readValue(_owner, _values, entry);
                return true;
            }
        }
        value = default!;
        return false;
    }

    /// <summary>A copy as a dictionary, each value mapped (e.g. <c>static v => v.ToValue()</c>); a repeated key keeps its last value.</summary>
    public Dictionary<TKey, TResult> ToDictionary<TResult>(Func<TValue, TResult> map)
    {
        var result = new Dictionary<TKey, TResult>(Count);
        for (var i = 0; i < Count; i++)
        {
            var entry = this[i];
            result[entry.Key] = map(entry.Value);
        }
        return result;
    }

    public Dictionary<TKey, TValue> ToDictionary() => ToDictionary(static value => value);

    public IEnumerator<KeyValuePair<TKey, TValue>> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
            yield return this[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private int Entry(int index)
    {
        _owner.ThrowIfReleased(_generation);
        if ((uint)index >= (uint)Count)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"The map has {Count} entries.");
        return _start + index;
    }
}
