using Quiver.Arrow.Ipc;

namespace Quiver.Arrow.Builders;

/// <summary>
/// Where every buffer of one record batch lies in its body, computed before anything is written
/// (see <see cref="RecordBatchSizes.Plan"/>). Buffers are listed in IPC order (depth-first over the
/// fields; per array validity, then offsets / values / data); each starts on a 64-byte boundary
/// relative to the body's first byte and its <see cref="IpcBufferRegion.Length"/> is the exact
/// content length, padding excluded. A field that is not nullable has an empty validity region.
/// Immutable: one layout can be written any number of times.
/// </summary>
public sealed class RecordBatchLayout
{
    private readonly IpcBufferRegion[] _buffers;
    private readonly int[] _declared;
    private readonly int[] _dictionaryValues;
    private RecordBatchPrefixTemplate? _prefixTemplate;
    private int _prefixesWritten;

    internal RecordBatchLayout(Schema schema, int rowCount, int[] declared, int[] dictionaryValues, PlannedNode[] columns, int fieldNodeCount, IpcBufferRegion[] buffers, int bodyLength, PlannedDictionary[] dictionaries)
    {
        Schema = schema;
        RowCount = rowCount;
        _declared = declared;
        _dictionaryValues = dictionaryValues;
        Dictionaries = dictionaries;
        DictionaryMessagesLength = dictionaries.Sum(d => d.MessageLength);
        Columns = columns;
        FieldNodeCount = fieldNodeCount;
        _buffers = buffers;
        BodyLength = bodyLength;
    }

    public Schema Schema { get; }
    public int RowCount { get; }

    /// <summary>How many IPC field nodes the batch has: one per array, children included.</summary>
    public int FieldNodeCount { get; }

    /// <summary>How many IPC buffers the batch has, empty validity regions included.</summary>
    public int BufferCount => _buffers.Length;

    public ReadOnlySpan<IpcBufferRegion> Buffers => _buffers;

    /// <summary>The body's size in bytes, a multiple of 64; a writer's target must be at least this long.</summary>
    public int BodyLength { get; }

    /// <summary>
    /// What precedes the body in a message of this layout: the dictionary batches of its
    /// dictionary-encoded fields (none for most schemas), then the record batch's metadata prefix.
    /// </summary>
    public int PrefixLength => checked(DictionaryMessagesLength + IpcMessageWriter.GetRecordBatchPrefixLength(FieldNodeCount, BufferCount));

    /// <summary>The bytes of the dictionary batches that come first in the message.</summary>
    public int DictionaryMessagesLength { get; }

    /// <summary>The dictionaries of the dictionary-encoded string arrays, depth first (their ids in the message).</summary>
    internal PlannedDictionary[] Dictionaries { get; }

    internal PlannedNode[] Columns { get; }

    internal IpcBufferRegion[] BufferArray => _buffers;

    /// <summary>Whether planning <paramref name="sizes"/> would give this layout: same schema instance, rows and declared sizes.</summary>
    internal bool IsPlanOf(RecordBatchSizes sizes) =>
        ReferenceEquals(sizes.Schema, Schema) && sizes.RowCount == RowCount && sizes.DeclaredSizes.SequenceEqual(_declared)
        && sizes.DeclaredDictionaryValues.SequenceEqual(_dictionaryValues);

    /// <summary>
    /// Writes the IPC prefix of a batch written to this layout whose field nodes are
    /// <paramref name="nodes"/>. A layout planned for one message is encoded directly; from its
    /// second message on, a layout's prefix is a template encoded once with only the null counts
    /// patched in (see <see cref="RecordBatchPrefixTemplate"/>). Threads racing to create the
    /// template build equal ones, so no lock is needed.
    /// </summary>
    internal void WritePrefix(Span<byte> destination, ReadOnlySpan<IpcFieldNode> nodes)
    {
        var template = _prefixTemplate;
        if (template is null && Interlocked.Increment(ref _prefixesWritten) > 1)
            _prefixTemplate = template = CreatePrefixTemplate();
        if (template is null)
            IpcMessageWriter.WriteRecordBatchPrefix(destination, RowCount, nodes, _buffers, BodyLength);
        else
            template.Write(destination, nodes);
    }

    private RecordBatchPrefixTemplate CreatePrefixTemplate()
    {
        var lengths = new long[FieldNodeCount];
        foreach (var column in Columns)
            CollectLengths(column, lengths);
        return new RecordBatchPrefixTemplate(RowCount, lengths, _buffers, BodyLength);
    }

    private static void CollectLengths(PlannedNode node, long[] lengths)
    {
        lengths[node.Index] = node.Length;
        foreach (var child in node.Children)
            CollectLengths(child, lengths);
    }
}
