namespace Quiver.Arrow.Types;

/// <summary>
/// An Arrow logical type. Instances compare by value, so two schemas read from different
/// sources are equal when their types are. <see cref="object.ToString"/> gives the name Arrow
/// C++ prints (<c>int32</c>, <c>timestamp[ns, tz=UTC]</c>, <c>list&lt;item: string&gt;</c>).
/// </summary>
public abstract record ArrowType
{
    private protected ArrowType() { }

    public abstract ArrowTypeId Id { get; }

    /// <summary>
    /// How many buffers an array of this type has, validity bitmap included, in the order the
    /// IPC format and the C Data Interface list them. The null type has none.
    /// </summary>
    public abstract int BufferCount { get; }

    /// <summary>The width in bits of one value in the values buffer, or 0 when values are not fixed-width.</summary>
    public virtual long FixedBitWidth => 0;

    /// <summary>The fields of the child arrays (one for lists, one per member for structs).</summary>
    public virtual IReadOnlyList<Field> Children => [];

    /// <summary><see cref="Children"/>'s count without making the list, which lists build on each call: readers ask per array.</summary>
    internal virtual int ChildCount => 0;
}
