using System.Collections;

namespace Quiver.Arrow;

/// <summary>
/// Arrow custom metadata: an ordered list of string pairs, kept exactly as read so a round trip
/// through Quiver preserves it. Duplicate keys are allowed by the format and kept;
/// <see cref="TryGetValue"/> returns the last one, as Arrow C++ does.
/// </summary>
public sealed class KeyValueMetadata : IReadOnlyList<KeyValuePair<string, string>>, IEquatable<KeyValueMetadata>
{
    public static readonly KeyValueMetadata Empty = new([]);

    private readonly KeyValuePair<string, string>[] _pairs;

    public KeyValueMetadata(IEnumerable<KeyValuePair<string, string>> pairs) => _pairs = pairs.ToArray();

    public static KeyValueMetadata From(params (string Key, string Value)[] pairs) =>
        new(pairs.Select(p => new KeyValuePair<string, string>(p.Key, p.Value)));

    public int Count => _pairs.Length;

    public KeyValuePair<string, string> this[int index] => _pairs[index];

    public bool TryGetValue(string key, out string value)
    {
        for (var i = _pairs.Length - 1; i >= 0; i--)
        {
            if (_pairs[i].Key == key)
            {
                value = _pairs[i].Value;
                return true;
            }
        }
        value = "";
        return false;
    }

    public bool Equals(KeyValueMetadata? other) => other is not null && _pairs.AsSpan().SequenceEqual(other._pairs);

    public override bool Equals(object? obj) => Equals(obj as KeyValueMetadata);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var pair in _pairs)
            hash.Add(pair);
        return hash.ToHashCode();
    }

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, string>>)_pairs).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => "{" + string.Join(", ", _pairs.Select(p => $"{p.Key}: {p.Value}")) + "}";
}
