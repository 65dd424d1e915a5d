namespace Quiver.Arrow.Builders;

/// <summary>
/// The dictionary of one dictionary-encoded string array of a planned batch: the array's node,
/// the declared distinct values and their bytes, and the layout of the one-column batch that
/// holds them (the dictionary batch's body). Its id in the message is its position among the
/// layout's dictionaries. A dictionary declared empty is planned with one empty string: the
/// placeholder slots under a null struct or fixed-size list are valid slots whose index 0 must
/// point into the dictionary, even when no row has a value.
/// </summary>
internal sealed record PlannedDictionary(int Node, int ValueCount, int ValueBytes, RecordBatchLayout? Values)
{
    public bool AddsPlaceholderValue => ValueCount == 0;

    public PlannedDictionary WithValues(Schema valueSchema) =>
        this with { Values = new RecordBatchSizes(valueSchema, Math.Max(ValueCount, 1)).DeclareValueBytes(0, ValueBytes).Plan() };

    /// <summary>The whole dictionary batch message: its prefix and a copy of the values' body.</summary>
    public int MessageLength => Ipc.DictionaryBatchWriter.GetPrefixLength(Values!.FieldNodeCount, Values.BufferCount) + Values.BodyLength;
}
