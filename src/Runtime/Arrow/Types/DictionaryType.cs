namespace Quiver.Arrow.Types;

/// <summary>
/// Dictionary encoding: each slot is an integer index into a separate array of distinct values
/// of <see cref="ValueType"/> (the dictionary), which travels on its own (in IPC, as a dictionary
/// batch before the record batches that use it). The array's own buffers are the validity bitmap
/// and the indices; <see cref="ArrayData.Dictionary"/> holds the values.
/// </summary>
public sealed record DictionaryType : ArrowType
{
    public DictionaryType(IntType indexType, ArrowType valueType, bool ordered = false)
    {
        ArgumentNullException.ThrowIfNull(indexType);
        ArgumentNullException.ThrowIfNull(valueType);
        if (valueType is DictionaryType)
            throw new ArgumentException("A dictionary's values cannot themselves be dictionary-encoded.", nameof(valueType));
        IndexType = indexType;
        ValueType = valueType;
        Ordered = ordered;
    }

    public IntType IndexType { get; }
    public ArrowType ValueType { get; }

    /// <summary>Whether the order of the dictionary's values is meaningful (a sort order for the categories).</summary>
    public bool Ordered { get; }

    public override ArrowTypeId Id => ArrowTypeId.Dictionary;
    public override int BufferCount => 2;
    public override long FixedBitWidth => IndexType.BitWidth;
    public override string ToString() => $"dictionary<values={ValueType}, indices={IndexType}, ordered={(Ordered ? 1 : 0)}>";
}
