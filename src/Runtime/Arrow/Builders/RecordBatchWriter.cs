using Quiver.Arrow.Ipc;
using Quiver.Arrow.Memory;

namespace Quiver.Arrow.Builders;

/// <summary>
/// Writes one planned record batch body into a target the caller provides — a managed array, or
/// native or shared memory through <see cref="UnmanagedMemoryManager"/> — with one builder
/// per column. Every byte of the body is stored once: padding between buffers is zeroed here,
/// buffer contents by the builders. Nothing is copied afterwards: <see cref="Finish"/> returns
/// views over the target. Not thread-safe; one writer per batch.
/// </summary>
public sealed class RecordBatchWriter
{
    private readonly ColumnBuilder[] _columns;
    private bool _finished;

    /// <param name="target">Where the body goes, from its first byte; at least <see cref="RecordBatchLayout.BodyLength"/>
    /// bytes. Buffers are 64-byte aligned in memory when the target is.</param>
    public RecordBatchWriter(RecordBatchLayout layout, Memory<byte> target)
    {
        ArgumentNullException.ThrowIfNull(layout);
        if (target.Length < layout.BodyLength)
            throw new ArgumentException($"The target has {target.Length} bytes but the planned batch body needs {layout.BodyLength}.", nameof(target));
        Layout = layout;
        Body = target[..layout.BodyLength];
        ZeroPadding();
        var regions = new BodyRegions(Body, layout.BufferArray);
        _columns = new ColumnBuilder[layout.Columns.Length];
        for (var i = 0; i < _columns.Length; i++)
            _columns[i] = ColumnBuilderFactory.Create(layout.Columns[i], regions);
    }

    /// <summary>A writer over a new 64-byte aligned managed buffer of exactly the body's length.</summary>
    public static RecordBatchWriter Allocate(RecordBatchLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        return new RecordBatchWriter(layout, AlignedManagedMemory.Allocate(layout.BodyLength));
    }

    public RecordBatchLayout Layout { get; }

    /// <summary>The part of the target the body occupies.</summary>
    public Memory<byte> Body { get; }

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
    /// Checks every array got exactly its planned slots and declared sizes (throws
    /// <see cref="InvalidOperationException"/> naming the field otherwise), stores the last partial
    /// bitmap bytes, counts nulls, and returns the batch with its IPC description (the views over
    /// the body are made when <see cref="FinishedRecordBatch.Batch"/> is first read).
    /// </summary>
    public FinishedRecordBatch Finish()
    {
        if (_finished)
            throw new InvalidOperationException("The batch is already finished.");
        var nodes = new IpcFieldNode[Layout.FieldNodeCount];
        foreach (var column in _columns)
            column.Complete(nodes);
        _finished = true;
        return new FinishedRecordBatch(Layout, _columns, nodes, Body);
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
