using Quiver.Arrow;
using Quiver.Arrow.Arrays;

namespace Quiver.Messages;

/// <summary>
/// The arrays a message view reads: the columns of a record batch, or the members of a struct
/// array when the message is nested. Every read checks that the batch they come from has not been
/// disposed, so a view kept past its batch throws <see cref="ObjectDisposedException"/> instead
/// of reading memory that may already hold another message.
/// </summary>
public sealed class MessageColumns
{
    private readonly RecordBatch _batch;
    private readonly StructArray? _struct;

    /// <summary>The batch's columns, which hold the cache of <see cref="Struct"/> for all of its views; this, for the batch's columns.</summary>
    private readonly MessageColumns _root;

    /// <summary>On <see cref="_root"/> only: made on first use, as most messages have no nested members or never read them.</summary>
    private Dictionary<ArrowArray, MessageColumns>? _nested;

    private MessageColumns(RecordBatch batch, StructArray? structArray, MessageColumns? root)
    {
        _batch = batch;
        _struct = structArray;
        _root = root ?? this;
    }

    /// <summary>The columns of <paramref name="batch"/>.</summary>
    public static MessageColumns Of(RecordBatch batch) =>
        new(batch ?? throw new ArgumentNullException(nameof(batch)), null, null);

    /// <summary>How many rows the arrays have.</summary>
    public int Length
    {
        get
        {
            ThrowIfReleased();
            return _struct?.Length ?? _batch.Length;
        }
    }

    /// <summary>Array <paramref name="index"/>, as the view type the message's schema gives it.</summary>
    public TArray Get<TArray>(int index) where TArray : ArrowArray
    {
        ThrowIfReleased();
        return (TArray)(_struct is null ? _batch.Column(index) : _struct.Field(index));
    }

    /// <summary>
    /// The members of <paramref name="structArray"/>, an array read from these columns (a nested
    /// message, or the values of a list of messages). Cached per array, so reading nested
    /// messages row after row allocates once. The cache is shared by the batch's views, which
    /// may be read from several threads, hence the lock.
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
                columns = new MessageColumns(_batch, (StructArray)structArray, _root);
                nested.Add(structArray, columns);
            }
            return columns;
        }
    }

    public void ThrowIfReleased()
    {
        if (_batch.IsDisposed)
            throw new ObjectDisposedException(nameof(RecordBatch), "The message's batch has been released; copy what you need with ToValue() before disposing it.");
    }
}
