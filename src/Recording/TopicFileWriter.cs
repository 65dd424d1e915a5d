namespace Quiver.Recording;

/// <summary>
/// Writes one topic file: the publisher's schema message, then each sample's bytes as they
/// arrived (dictionary batches and record batch, already messages of an IPC stream), then the
/// end-of-stream marker when closed. Every write holds whole messages, one sample or several
/// queued together (<see cref="WholeMessageFile"/>), so a killed recorder leaves whole messages,
/// at most the last write cut short, which readers stop before. With compression, each sample is
/// re-encoded (<see cref="SampleCompressor"/>) before its own write.
/// </summary>
internal sealed class TopicFileWriter : IDisposable
{
    private static readonly byte[] EndOfStream = [0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0];
    private readonly WholeMessageFile _file;
    private readonly SampleCompressor? _compressor;
    private bool _closed;

    public TopicFileWriter(string directory, string fileName, ReadOnlySpan<byte> schemaMessage, Func<string, Stream> open, RecordingCompression compression = RecordingCompression.None)
    {
        FileName = fileName;
        Compression = compression;
        _file = new WholeMessageFile(Path.Combine(directory, fileName), open);
        try
        {
            _file.Write(schemaMessage);
        }
        catch
        {
            _file.Dispose();
            throw;
        }
        if (compression != RecordingCompression.None)
            _compressor = new SampleCompressor(compression);
    }

    public RecordingCompression Compression { get; }

    public string FileName { get; }

    /// <summary>Bytes of whole messages in the file, the schema included.</summary>
    public long Length => _file.Length;

    public long Messages { get; private set; }

    /// <summary>Appends one sample; returns its batch number in this file (0 for the first).</summary>
    public long Append(ReadOnlyMemory<byte> sample)
    {
        _file.Write(_compressor is null ? sample.Span : _compressor.Compress(sample));
        return Messages++;
    }

    /// <summary>
    /// Appends <paramref name="count"/> samples laid end to end in one write; returns the first one's
    /// batch number. Only for a file that does not compress: there each sample is re-encoded on its own.
    /// </summary>
    public long Append(ReadOnlySpan<byte> samples, int count)
    {
        if (_compressor is not null)
            throw new InvalidOperationException("A compressed file re-encodes each sample on its own; append them one by one.");
        _file.Write(samples);
        var first = Messages;
        Messages += count;
        return first;
    }

    /// <summary>Ends the stream with its end-of-stream marker; a file whose marker does not fit (disk full) still reads to its last message.</summary>
    public void Dispose()
    {
        if (_closed)
            return;
        _closed = true;
        try
        {
            _file.Write(EndOfStream);
        }
        catch (RecordingException)
        {
            // Readers take the end of the data as the end of the stream.
        }
        _file.Dispose();
        _compressor?.Dispose();
    }
}
