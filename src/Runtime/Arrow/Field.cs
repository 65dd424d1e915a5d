using Quiver.Arrow.Types;

namespace Quiver.Arrow;

/// <summary>A named, typed column or child, with nullability and custom metadata. Compares by value.</summary>
public sealed record Field
{
    public Field(string name, ArrowType type, bool nullable = true, KeyValueMetadata? metadata = null)
    {
        Name = name ?? throw new ArgumentNullException(nameof(name));
        Type = type ?? throw new ArgumentNullException(nameof(type));
        Nullable = nullable;
        Metadata = metadata ?? KeyValueMetadata.Empty;
    }

    public string Name { get; }
    public ArrowType Type { get; }
    public bool Nullable { get; }
    public KeyValueMetadata Metadata { get; }

    public override string ToString() => $"{Name}: {Type}{(Nullable ? "" : " not null")}";
}
