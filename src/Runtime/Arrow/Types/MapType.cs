namespace Quiver.Arrow.Types;

/// <summary>
/// Key-value maps: physically a list of non-null <c>entries</c> structs of a non-null
/// <c>key</c> and a <c>value</c>, with 32-bit offsets. Arrow does not require keys to be
/// unique; <see cref="KeysSorted"/> says whether each map's keys are sorted.
/// </summary>
public sealed record MapType : ArrowType
{
    public MapType(Field entriesField, bool keysSorted = false)
    {
        ArgumentNullException.ThrowIfNull(entriesField);
        if (entriesField.Type is not StructType { Fields.Count: 2 } entries)
            throw new ArgumentException($"A map's entries are a struct of a key and a value; '{entriesField}' is not.", nameof(entriesField));
        if (entriesField.Nullable)
            throw new ArgumentException("A map's entries cannot be null.", nameof(entriesField));
        if (entries.Fields[0].Nullable)
            throw new ArgumentException($"A map's keys cannot be null; '{entries.Fields[0]}' is nullable.", nameof(entriesField));
        EntriesField = entriesField;
        KeysSorted = keysSorted;
    }

    /// <summary>A map of <paramref name="key"/> to <paramref name="value"/> with the field names Arrow C++ uses (<c>entries</c>, <c>key</c>, <c>value</c>).</summary>
    public MapType(ArrowType key, ArrowType value, bool valueNullable = true, bool keysSorted = false)
        : this(new Field("entries", new StructType([new Field("key", key, nullable: false), new Field("value", value, valueNullable)]), nullable: false), keysSorted)
    {
    }

    public Field EntriesField { get; }
    public bool KeysSorted { get; }
    public Field KeyField => ((StructType)EntriesField.Type).Fields[0];
    public Field ValueField => ((StructType)EntriesField.Type).Fields[1];
    public override ArrowTypeId Id => ArrowTypeId.Map;
    public override int BufferCount => 2;
    public override IReadOnlyList<Field> Children => [EntriesField];
    internal override int ChildCount => 1;
    public override string ToString() => $"map<{KeyField.Type}, {ValueField.Type}{(KeysSorted ? ", keys_sorted" : "")}>";
}
