using Quiver.Arrow;
using Quiver.Arrow.Arrays;

namespace Quiver.Messages;

/// <summary>
/// The arrays a message view reads: the columns of a record batch, or the members of a struct
/// array when the message is nested. A view captures the <see cref="Generation"/> when it is made
/// and passes it to every read; a read throws <see cref="ObjectDisposedException"/> once the batch
/// is disposed or the message released (the generation moved on), so a view kept past its message
/// never reads memory that may already hold another message, even when these same columns have
/// been rebound to the next one. Columns of a batch from a publisher with a compatible schema
/// (<see cref="SchemaEvolution"/>) read through the connection's column map: a view asks for its
/// own field's index and gets the publisher's column, or an all-null one for a field the publisher
/// does not have.
/// </summary>
public sealed class MessageColumns
{
    private readonly RecordBatch _batch;
    private readonly StructArray? _struct;

    /// <summary>The batch's columns, which hold the generation and the cache of <see cref="Struct"/> for all of its views; this, for the batch's columns.</summary>
    private readonly MessageColumns _root;

    /// <summary>The connection's column map, null when the batch has the subscriber's own schema.</summary>
    private readonly ColumnMap? _evolution;

    /// <summary>This struct's map within <see cref="_evolution"/>, null when its columns are where the view expects them.</summary>
    private readonly StructMap? _map;

    /// <summary>On <see cref="_root"/> only: made on first use, as most messages have no nested members or never read them.</summary>
    private Dictionary<ArrowArray, MessageColumns>? _nested;

    /// <summary>On <see cref="_root"/> only. A long so that it never wraps back to a generation a stale view holds.</summary>
    private long _generation;

    private MessageColumns(RecordBatch batch, StructArray? structArray, MessageColumns? root, ColumnMap? evolution, StructMap? map)
    {
        _batch = batch;
        _struct = structArray;
        _root = root ?? this;
        _evolution = evolution;
        _map = map;
    }

    /// <summary>The columns of <paramref name="batch"/>.</summary>
    public static MessageColumns Of(RecordBatch batch) =>
        new(batch ?? throw new ArgumentNullException(nameof(batch)), null, null, null, null);

    /// <summary>The columns of <paramref name="batch"/>, read in the publisher's schema of <paramref name="evolution"/>.</summary>
    internal static MessageColumns Of(RecordBatch batch, ColumnMap? evolution) =>
        new(batch ?? throw new ArgumentNullException(nameof(batch)), null, null, evolution, evolution?.Root);

    /// <summary>What a view made now captures; shared by the batch's columns and its nested members.</summary>
    public long Generation => Volatile.Read(ref _root._generation);

    /// <summary>How many rows the arrays have.</summary>
    public int Length
    {
        get
        {
            ThrowIfReleased();
            return _struct?.Length ?? _batch.Length;
        }
    }

    /// <summary>Array <paramref name="index"/>, as the view type the message's schema gives it, for a view of <paramref name="generation"/>.</summary>
    public TArray Get<TArray>(int index, long generation) where TArray : ArrowArray
    {
        ThrowIfReleased(generation);
        if (_map is null)
            return (TArray)Column(index);
        int source = _map.SourceOf(index);
        return (TArray)(source >= 0 ? Column(source) : _map.NullColumn(index, _struct?.Length ?? _batch.Length));
    }

    private ArrowArray Column(int index) => _struct is null ? _batch.Column(index) : _struct.Field(index);

    /// <summary>
    /// The members of <paramref name="structArray"/>, an array read from these columns (a nested
    /// message, or the values of a list of messages). Cached per array, so reading nested
    /// messages row after row allocates once (and never again when the columns are rebound, as
    /// the arrays are rebound in place). The cache is shared by the batch's views, which may be
    /// read from several threads, hence the lock.
    /// </summary>
    public MessageColumns Struct(ArrowArray structArray)
    {
        ThrowIfReleased();
        var nested = Volatile.Read(ref _root._nested);
        if (nested is null)
        {
            var made = new Dictionary<ArrowArray, MessageColumns>(ReferenceEqualityComparer.Instance);
            nested = Interlocked.CompareExchange(ref _root._nested, made, null) ?? made;
        }
        lock (nested)
        {
            if (!nested.TryGetValue(structArray, out var columns))
            {
                columns = new MessageColumns(_batch, (StructArray)structArray, _root, _evolution, _evolution?.Nested(structArray.Type));
                nested.Add(structArray, columns);
            }
            return columns;
        }
    }

    /// <summary>Throws once the batch is disposed.</summary>
    public void ThrowIfReleased()
    {
        if (_batch.IsDisposed)
            throw Released();
    }

    /// <summary>Throws once the batch is disposed or the message a view of <paramref name="generation"/> read has been released.</summary>
    public void ThrowIfReleased(long generation)
    {
        if (generation != Volatile.Read(ref _root._generation) || _batch.IsDisposed)
            throw Released();
    }

    /// <summary>
    /// Ends the current message: every view made so far throws from now on. Called before the
    /// columns' arrays are rebound to another message, so no old view can see its bytes.
    /// </summary>
    internal void Release() => Interlocked.Increment(ref _root._generation);

    private static ObjectDisposedException Released() =>
        new(nameof(MessageColumns), "The message was released; copy what you need with ToValue() before disposing it.");
}
