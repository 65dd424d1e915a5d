using Quiver.Arrow.Arrays;

namespace Quiver.Arrow;

/// <summary>
/// Equal-length columns with a schema: one Arrow record batch. The columns are views; the memory
/// behind them belongs to <c>owner</c> (if given), which <see cref="Dispose"/> releases — a
/// pinned array, a native allocation, a C Data import, a shared-memory lease.
/// </summary>
public sealed class RecordBatch : IDisposable
{
    private readonly ArrowArray[] _columns;
    private IDisposable? _owner;

    public RecordBatch(Schema schema, IEnumerable<ArrowArray> columns, int length, IDisposable? owner = null)
        : this(columns.ToArray(), schema, length, owner)
    {
    }

    private RecordBatch(ArrowArray[] columns, Schema schema, int length, IDisposable? owner)
    {
        Schema = schema;
        _columns = columns;
        Length = length;
        if (_columns.Length != schema.Fields.Count)
            throw new ArgumentException($"The schema has {schema.Fields.Count} fields but {_columns.Length} columns were given.", nameof(columns));
        for (var i = 0; i < _columns.Length; i++)
        {
            if (!_columns[i].Type.Equals(schema.Fields[i].Type))
                throw new ArgumentException($"Column {i} ('{schema.Fields[i].Name}') is {_columns[i].Type}, the schema says {schema.Fields[i].Type}.", nameof(columns));
            if (_columns[i].Length != length)
                throw new ArgumentException($"Column {i} ('{schema.Fields[i].Name}') has {_columns[i].Length} rows, the batch {length}.", nameof(columns));
        }
        _owner = owner;
    }

    /// <summary>A batch over <paramref name="columns"/> itself, not a copy: for readers that made the array and never touch it again.</summary>
    internal static RecordBatch OverOwnColumns(Schema schema, ArrowArray[] columns, int length, IDisposable? owner) =>
        new(columns, schema, length, owner);

    public Schema Schema { get; }
    public int Length { get; private set; }
    public IReadOnlyList<ArrowArray> Columns => _columns;
    public bool IsDisposed { get; private set; }

    public ArrowArray Column(int index) => _columns[index];

    /// <summary>For <see cref="Ipc.ReusableRecordBatchReader"/>: the columns' data was rebound in place to a message of <paramref name="length"/> rows.</summary>
    internal void Rebound(int length)
    {
        Length = length;
        foreach (var column in _columns)
            column.Rebound();
    }

    public ArrowArray Column(string name)
    {
        var index = Schema.IndexOf(name);
        if (index < 0)
            throw new KeyNotFoundException($"The batch has no column '{name}'.");
        return _columns[index];
    }

    public void Dispose()
    {
        IsDisposed = true;
        Interlocked.Exchange(ref _owner, null)?.Dispose();
    }
}
