namespace Quiver.Arrow;

/// <summary>The columns of a record batch and the schema-level custom metadata. Compares by value.</summary>
public sealed class Schema : IEquatable<Schema>
{
    private readonly Field[] _fields;

    public Schema(IEnumerable<Field> fields, KeyValueMetadata? metadata = null)
    {
        _fields = fields.ToArray();
        Metadata = metadata ?? KeyValueMetadata.Empty;
    }

    public IReadOnlyList<Field> Fields => _fields;
    public KeyValueMetadata Metadata { get; }

    /// <summary>The index of the first field called <paramref name="name"/>, or -1.</summary>
    public int IndexOf(string name) => Array.FindIndex(_fields, f => f.Name == name);

    // The same instance is the common case (a writer checking the layout it was given against its message's schema), and a deep comparison walks every nested field.
    public bool Equals(Schema? other) =>
        ReferenceEquals(this, other) || other is not null && _fields.AsSpan().SequenceEqual(other._fields) && Metadata.Equals(other.Metadata);

    public override bool Equals(object? obj) => Equals(obj as Schema);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var field in _fields)
            hash.Add(field);
        hash.Add(Metadata);
        return hash.ToHashCode();
    }

    public override string ToString() => string.Join(Environment.NewLine, _fields.Select(f => f.ToString()));
}
