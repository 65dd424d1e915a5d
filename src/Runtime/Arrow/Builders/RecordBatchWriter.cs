using Quiver.Arrow.Arrays;
using Quiver.Arrow.Ipc;
using Quiver.Arrow.Memory;

namespace Quiver.Arrow.Builders;

/// <summary>
/// Writes one planned record batch body into a target the caller provides — a managed array, or
/// native or shared memory through <see cref="UnmanagedMemoryManager"/> — with one builder
/// per column. Every byte of the body is stored once: padding between buffers is zeroed here,
/// buffer contents by the builders. Nothing is copied afterwards: <see cref="Finish"/> returns
/// views over the target. <see cref="Reset"/> re-targets the writer (and its builders) to the next
/// message of the same schema without allocating, so a publisher keeps one writer.
/// Not thread-safe.
/// </summary>
public sealed class RecordBatchWriter
{
    private readonly ColumnBuilder[] _columns;
    private readonly DictionaryColumnBuilder[] _dictionaries;
    private readonly IpcFieldNode[] _nodes;
    private long _generation;
    private bool _finished;
    private RecordBatch? _batch;

    /// <param name="target">Where the body goes, from its first byte; at least <see cref="RecordBatchLayout.BodyLength"/>
    /// bytes. Buffers are 64-byte aligned in memory when the target is.</param>
    public RecordBatchWriter(RecordBatchLayout layout, Memory<byte> target)
    {
        ArgumentNullException.ThrowIfNull(layout);
        Body = CheckTarget(layout, target);
        Layout = layout;
        ZeroPadding();
        var regions = new BodyRegions(Body, layout.BufferArray, layout.Dictionaries);
        _columns = new ColumnBuilder[layout.Columns.Length];
        for (var i = 0; i < _columns.Length; i++)
            _columns[i] = ColumnBuilderFactory.Create(layout.Columns[i], regions);
        var dictionaries = new List<DictionaryColumnBuilder>();
        foreach (var column in _columns)
            column.CollectDictionaries(dictionaries);
        _dictionaries = dictionaries.ToArray();
        _nodes = new IpcFieldNode[layout.FieldNodeCount];
    }

    /// <summary>A writer over a new 64-byte aligned managed buffer of exactly the body's length.</summary>
    public static RecordBatchWriter Allocate(RecordBatchLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        return new RecordBatchWriter(layout, AlignedManagedMemory.Allocate(layout.BodyLength));
    }

    public RecordBatchLayout Layout { get; private set; }

    /// <summary>The part of the target the body occupies.</summary>
    public Memory<byte> Body { get; private set; }

    /// <summary>The column builders; the same objects for the writer's whole life, across <see cref="Reset"/>s.</summary>
    public IReadOnlyList<ColumnBuilder> Columns => _columns;

    public ColumnBuilder Column(int index) => _columns[index];

    public ColumnBuilder Column(string name)
    {
        var index = Layout.Schema.IndexOf(name);
        if (index < 0)
            throw new KeyNotFoundException($"The schema has no column '{name}'.");
        return _columns[index];
    }

    public TBuilder Column<TBuilder>(int index) where TBuilder : ColumnBuilder => Column(index).As<TBuilder>();

    public TBuilder Column<TBuilder>(string name) where TBuilder : ColumnBuilder => Column(name).As<TBuilder>();

    /// <summary>
    /// Re-targets the writer to a new body: <paramref name="layout"/> (planned from this writer's
    /// schema, with any row count and declared sizes) over <paramref name="target"/> (at least its
    /// <see cref="RecordBatchLayout.BodyLength"/> bytes). Whatever was appended before — finished or
    /// not — is forgotten, and the writer is as a new one over the target, with the same builders;
    /// nothing is allocated. The <see cref="FinishedRecordBatch"/> of the previous message becomes
    /// stale (its members throw); a <see cref="RecordBatch"/> already read from it stays a view of
    /// the previous target. Throws <see cref="ArgumentException"/> for a layout of another schema
    /// or a target too small, leaving the writer as it was.
    /// </summary>
    public void Reset(RecordBatchLayout layout, Memory<byte> target)
    {
        ArgumentNullException.ThrowIfNull(layout);
        // Equal schemas have the same arrays and buffers in the same order, which is what lets every builder be rebound.
        if (!layout.Schema.Equals(Layout.Schema))
            throw new ArgumentException("The layout was planned from another schema than the writer's.", nameof(layout));
        Body = CheckTarget(layout, target);
        Layout = layout;
        _generation++;
        _finished = false;
        _batch = null;
        ZeroPadding();
        var regions = new BodyRegions(Body, layout.BufferArray, layout.Dictionaries);
        for (var i = 0; i < _columns.Length; i++)
            _columns[i].Rebind(layout.Columns[i], regions);
    }

    /// <summary>
    /// Checks every array got exactly its planned slots and declared sizes (throws
    /// <see cref="InvalidOperationException"/> naming the field otherwise), stores the last partial
    /// bitmap bytes, counts nulls, and returns the batch with its IPC description (the views over
    /// the body are made when <see cref="FinishedRecordBatch.Batch"/> is first read). The result
    /// refers to this writer and is valid until the next <see cref="Reset"/>.
    /// </summary>
    public FinishedRecordBatch Finish()
    {
        if (_finished)
            throw new InvalidOperationException("The batch is already finished.");
        foreach (var column in _columns)
            column.Complete(_nodes);
        _finished = true;
        return new FinishedRecordBatch(this, _generation);
    }

    /// <summary>Whether <paramref name="generation"/> is the message this writer finished last and still describes.</summary>
    internal bool HasFinished(long generation) => _finished && generation == _generation;

    /// <summary>The builders of the dictionary-encoded arrays, depth first: dictionary i has id i in the message.</summary>
    internal ReadOnlySpan<DictionaryColumnBuilder> Dictionaries => _dictionaries;

    /// <summary>The field nodes <see cref="Finish"/> recorded; read through a <see cref="FinishedRecordBatch"/> that checked it is current.</summary>
    internal ReadOnlySpan<IpcFieldNode> FinishedNodes => _nodes;

    /// <summary>
    /// The views over the finished body, made on first use, since a publisher that only sends the
    /// message never needs them; threads racing here may each get an equal batch.
    /// </summary>
    internal RecordBatch FinishedBatch() => _batch ??= CreateBatch();

    private RecordBatch CreateBatch()
    {
        var arrays = new ArrowArray[_columns.Length];
        for (var i = 0; i < arrays.Length; i++)
            arrays[i] = ArrowArrayFactory.Create(_columns[i].ToArrayData(_nodes));
        // The builders were made from the layout's schema, so the types and lengths agree by construction.
        return RecordBatch.OverOwnColumns(Layout.Schema, arrays, Layout.RowCount, owner: null);
    }

    private static Memory<byte> CheckTarget(RecordBatchLayout layout, Memory<byte> target)
    {
        if (target.Length < layout.BodyLength)
            throw new ArgumentException($"The target has {target.Length} bytes but the planned batch body needs {layout.BodyLength}.", nameof(target));
        return target[..layout.BodyLength];
    }

    private void ZeroPadding()
    {
        var span = Body.Span;
        foreach (var buffer in Layout.Buffers)
        {
            var end = (int)(buffer.Offset + buffer.Length);
            span[end..BitUtil.RoundUpToMultipleOf64(end)].Clear();
        }
    }
}
