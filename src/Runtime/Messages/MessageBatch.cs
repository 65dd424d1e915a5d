using System.Collections;
using Quiver.Arrow;

namespace Quiver.Messages;

/// <summary>
/// A received batch of <see cref="Count"/> messages of type <typeparamref name="T"/>: row
/// <c>i</c> is <c>batch[i]</c>, a zero-copy view. Disposing the batch releases its memory (and,
/// for a received sample, lets the publisher reuse it); any view of it then throws
/// <see cref="ObjectDisposedException"/>.
/// </summary>
public sealed class MessageBatch<T> : IReadOnlyList<T>, IDisposable where T : IMessage<T>
{
    private readonly RecordBatch _batch;
    private readonly MessageColumns _columns;

    /// <summary>
    /// Wraps <paramref name="batch"/>, which must have <typeparamref name="T"/>'s columns (names,
    /// types, nullability, field metadata); schema metadata is not compared. The batch is owned
    /// from now on: disposing this disposes it.
    /// </summary>
    public MessageBatch(RecordBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        CheckColumns(batch.Schema);
        _batch = batch;
        _columns = MessageColumns.Of(batch);
    }

    /// <summary>
    /// Wraps <paramref name="batch"/>, read in the publisher's schema of <paramref name="evolution"/>
    /// (compatible with <typeparamref name="T"/>'s, as the handshake found): views read through its
    /// column map, and <see cref="RecordBatch"/> is in the publisher's schema.
    /// </summary>
    internal MessageBatch(RecordBatch batch, ColumnMap evolution)
    {
        _batch = batch;
        _columns = MessageColumns.Of(batch, evolution);
    }

    public int Count
    {
        get
        {
            ThrowIfDisposed();
            return _batch.Length;
        }
    }

    public bool IsDisposed => _batch.IsDisposed;

    /// <summary>The underlying record batch (for export, IPC, or untyped reading), in the schema it was written in: the publisher's, for a publisher with a compatible schema.</summary>
    public RecordBatch RecordBatch
    {
        get
        {
            ThrowIfDisposed();
            return _batch;
        }
    }

    public T this[int index]
    {
        get
        {
            ThrowIfDisposed();
            if ((uint)index >= (uint)_batch.Length)
                throw new ArgumentOutOfRangeException(nameof(index), index, $"The batch has {_batch.Length} rows.");
            return T.CreateView(_columns, index);
        }
    }

    public IEnumerator<T> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
            yield return this[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public void Dispose() => _batch.Dispose();

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_batch.IsDisposed, this);

    private static void CheckColumns(Schema actual)
    {
        var expected = T.Schema.Fields;
        if (actual.Fields.Count != expected.Count)
            throw new ArrowFormatException(
                $"{Describe(actual)} has {actual.Fields.Count} columns; message {T.MessageTypeName} has {expected.Count}.");
        for (var i = 0; i < expected.Count; i++)
        {
            if (!actual.Fields[i].Equals(expected[i]))
            {
                var batch = Describe(actual);
                throw new ArrowFormatException(
                    $"Column {i} of {char.ToLowerInvariant(batch[0])}{batch[1..]} is '{actual.Fields[i]}'; message {T.MessageTypeName} expects '{expected[i]}'.");
            }
        }
    }

    /// <summary>Names the batch's own message type when it says one, so both sides of a mismatch are named.</summary>
    private static string Describe(Schema actual) =>
        actual.Metadata.TryGetValue("quiver.message", out var name) ? $"The record batch (of {name})" : "The record batch";
}
