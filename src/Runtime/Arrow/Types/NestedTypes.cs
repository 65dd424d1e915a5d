namespace Quiver.Arrow.Types;

/// <summary>Variable-length lists with 32-bit offsets.</summary>
public sealed record ListType(Field ValueField) : ArrowType
{
    public override ArrowTypeId Id => ArrowTypeId.List;
    public override int BufferCount => 2;
    public override IReadOnlyList<Field> Children => [ValueField];
    internal override int ChildCount => 1;
    public override string ToString() => $"list<{ValueField.Name}: {ValueField.Type}>";
}

/// <summary>Variable-length lists with 64-bit offsets. Quiver reads them; its builders write <see cref="ListType"/>.</summary>
public sealed record LargeListType(Field ValueField) : ArrowType
{
    public override ArrowTypeId Id => ArrowTypeId.LargeList;
    public override int BufferCount => 2;
    public override IReadOnlyList<Field> Children => [ValueField];
    internal override int ChildCount => 1;
    public override string ToString() => $"large_list<{ValueField.Name}: {ValueField.Type}>";
}

public sealed record FixedSizeListType : ArrowType
{
    public FixedSizeListType(Field valueField, int listSize)
    {
        if (listSize < 0)
            throw new ArgumentOutOfRangeException(nameof(listSize), listSize, "A fixed-size list cannot have a negative size.");
        ValueField = valueField;
        ListSize = listSize;
    }

    public Field ValueField { get; }
    public int ListSize { get; }
    public override ArrowTypeId Id => ArrowTypeId.FixedSizeList;
    public override int BufferCount => 1;
    public override IReadOnlyList<Field> Children => [ValueField];
    internal override int ChildCount => 1;
    public override string ToString() => $"fixed_size_list<{ValueField.Name}: {ValueField.Type}>[{ListSize}]";
}

public sealed record StructType : ArrowType
{
    private readonly Field[] _fields;

    public StructType(IEnumerable<Field> fields) => _fields = fields.ToArray();

    public IReadOnlyList<Field> Fields => _fields;
    public override ArrowTypeId Id => ArrowTypeId.Struct;
    public override int BufferCount => 1;
    public override IReadOnlyList<Field> Children => _fields;
    internal override int ChildCount => _fields.Length;

    public bool Equals(StructType? other) => other is not null && _fields.AsSpan().SequenceEqual(other._fields);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var field in _fields)
            hash.Add(field);
        return hash.ToHashCode();
    }

    public override string ToString() => "struct<" + string.Join(", ", _fields.Select(f => $"{f.Name}: {f.Type}")) + ">";
}
