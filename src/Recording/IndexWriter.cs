using Apache.Arrow;
using Apache.Arrow.Ipc;
using Apache.Arrow.Types;

namespace Quiver.Recording;

/// <summary>
/// Writes <c>index.arrows</c>, an Arrow IPC stream with one row per recorded message. Rows are
/// collected and written as one record batch per <see cref="Flush"/> (the recorder flushes
/// about every 100 ms), each batch in a single write, so a killed recorder leaves a readable index
/// missing at most the rows of its last interval.
/// </summary>
internal sealed class IndexWriter : IDisposable
{
    public static readonly Schema Schema = new Schema.Builder()
        .Field(f => f.Name("topic").DataType(StringType.Default).Nullable(false))
        .Field(f => f.Name("file").DataType(StringType.Default).Nullable(false))
        .Field(f => f.Name("batch").DataType(Int64Type.Default).Nullable(false))
        .Field(f => f.Name("sequence").DataType(UInt64Type.Default).Nullable(false))
        .Field(f => f.Name("publish_time").DataType(Timestamp).Nullable(false))
        .Field(f => f.Name("receive_time").DataType(Timestamp).Nullable(false))
        .Build();

    private static TimestampType Timestamp => new(TimeUnit.Nanosecond, "UTC");

    private readonly object _gate = new();
    private readonly List<IndexRow> _rows = [];
    private readonly WholeMessageFile _file;
    private readonly MemoryStream _encoded = new();
    private readonly ArrowStreamWriter _writer;

    public IndexWriter(string directory, Func<string, Stream> open)
    {
        _file = new WholeMessageFile(Path.Combine(directory, RecordingFiles.Index), open);
        _writer = new ArrowStreamWriter(_encoded, Schema, leaveOpen: true);
        try
        {
            _writer.WriteStart();
            WriteEncoded();
        }
        catch
        {
            _file.Dispose();
            throw;
        }
    }

    public void Add(IndexRow row)
    {
        lock (_gate)
            _rows.Add(row);
    }

    /// <summary>Writes the rows added since the last flush as one batch; throws <see cref="RecordingException"/> when the disk refuses it.</summary>
    public void Flush()
    {
        IndexRow[] rows;
        lock (_gate)
        {
            if (_rows.Count == 0)
                return;
            rows = [.. _rows];
            _rows.Clear();
        }
        _writer.WriteRecordBatch(Batch(rows));
        WriteEncoded();
    }

    /// <summary>Writes the last rows and the end-of-stream marker; throws <see cref="RecordingException"/> when the disk refuses them.</summary>
    public void Dispose()
    {
        try
        {
            Flush();
            _writer.WriteEnd();
            WriteEncoded();
        }
        finally
        {
            _writer.Dispose();
            _file.Dispose();
        }
    }

    private void WriteEncoded()
    {
        try
        {
            _file.Write(_encoded.GetBuffer().AsSpan(0, (int)_encoded.Length));
        }
        finally
        {
            _encoded.SetLength(0);
        }
    }

    private static RecordBatch Batch(IndexRow[] rows)
    {
        var topics = new StringArray.Builder();
        var files = new StringArray.Builder();
        var batches = new Int64Array.Builder();
        var sequences = new UInt64Array.Builder();
        var published = new ArrowBuffer.Builder<long>();
        var received = new ArrowBuffer.Builder<long>();
        foreach (var row in rows)
        {
            topics.Append(row.Topic);
            files.Append(row.File);
            batches.Append(row.Batch);
            sequences.Append(row.Sequence);
            published.Append(row.PublishedNanoseconds);
            received.Append(row.ReceivedNanoseconds);
        }
        IArrowArray[] columns =
        [
            topics.Build(), files.Build(), batches.Build(), sequences.Build(),
            new TimestampArray(Timestamp, published.Build(), ArrowBuffer.Empty, rows.Length, 0, 0),
            new TimestampArray(Timestamp, received.Build(), ArrowBuffer.Empty, rows.Length, 0, 0),
        ];
        return new RecordBatch(Schema, columns, rows.Length);
    }
}
