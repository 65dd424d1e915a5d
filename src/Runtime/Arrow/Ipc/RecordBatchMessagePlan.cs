namespace Quiver.Arrow.Ipc;

/// <summary>
/// One record batch as the single region Quiver sends it (docs/protocol.md): a dictionary batch
/// for each dictionary-encoded column (ids 0, 1, … depth first), then the record batch message.
/// Planned first, so the caller can size the destination (an array, a loaned sample), then
/// written into it with every buffer copied once.
/// </summary>
internal sealed class RecordBatchMessagePlan
{
    private readonly RecordBatch _batch;
    private readonly RecordBatchBody _body;
    private readonly int _prefixLength;
    private readonly ArrayData[] _dictionaries;
    private readonly RecordBatchBody[] _dictionaryBodies;

    private RecordBatchMessagePlan(RecordBatch batch)
    {
        _batch = batch;
        _body = RecordBatchBody.Plan(batch);
        _prefixLength = IpcMessageWriter.GetRecordBatchPrefixLength(_body.Nodes.Length, _body.Regions.Length);
        _dictionaries = DictionaryBatchWriter.Collect(batch);
        _dictionaryBodies = Array.ConvertAll(_dictionaries, DictionaryBatchWriter.PlanBody);
        var length = (long)_prefixLength + _body.Length;
        foreach (var body in _dictionaryBodies)
            length += DictionaryBatchWriter.MessageLength(body);
        Length = length <= Array.MaxLength
            ? (int)length
            : throw new ArgumentException($"The batch's message is {length} bytes; one message holds at most {Array.MaxLength}.", nameof(batch));
    }

    /// <summary>The length of the whole region, dictionary batches included.</summary>
    public int Length { get; }

    public static RecordBatchMessagePlan Of(RecordBatch batch) => new(batch);

    /// <summary>Writes the region into exactly <see cref="Length"/> bytes.</summary>
    public void WriteTo(Span<byte> destination)
    {
        if (destination.Length != Length)
            throw new ArgumentException($"The message is {Length} bytes; the destination has {destination.Length}.", nameof(destination));
        var position = 0;
        for (var i = 0; i < _dictionaries.Length; i++)
        {
            var length = DictionaryBatchWriter.MessageLength(_dictionaryBodies[i]);
            DictionaryBatchWriter.WriteTo(destination.Slice(position, length), i, _dictionaries[i].Length, _dictionaryBodies[i]);
            position += length;
        }
        IpcMessageWriter.WriteRecordBatchPrefix(destination.Slice(position, _prefixLength), _batch.Length, _body.Nodes, _body.Regions, _body.Length);
        _body.WriteTo(destination[(position + _prefixLength)..]);
    }
}
