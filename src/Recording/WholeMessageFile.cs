namespace Quiver.Recording;

/// <summary>
/// A file written in whole messages: each <see cref="Write"/> (of one message or several laid end
/// to end) is one unbuffered write, and one
/// that fails (disk full) is undone by truncating the file back to the end of the last whole
/// message, so readers find only complete messages. Without an fsync the data survives the
/// process being killed (it is in the page cache), not a power cut.
/// </summary>
internal sealed class WholeMessageFile : IDisposable
{
    private readonly Stream _stream;

    public WholeMessageFile(string path, Func<string, Stream> open)
    {
        Path = path;
        try
        {
            _stream = open(path);
        }
        catch (IOException e)
        {
            throw new RecordingException($"Cannot create '{path}': {e.Message}", e);
        }
    }

    public string Path { get; }

    /// <summary>Bytes of whole messages in the file.</summary>
    public long Length { get; private set; }

    /// <summary>Writes whole messages; throws <see cref="RecordingException"/> when they could not all be written, having cut the file back to where they began.</summary>
    public void Write(ReadOnlySpan<byte> messages)
    {
        try
        {
            _stream.Write(messages);
        }
        catch (IOException e)
        {
            Truncate();
            throw new RecordingException($"Writing '{Path}' failed ({e.Message}); the file ends after its last whole message ({Length} bytes).", e);
        }
        Length += messages.Length;
    }

    public void Dispose() => _stream.Dispose();

    private void Truncate()
    {
        try
        {
            _stream.SetLength(Length);
            _stream.Position = Length;
        }
        catch (IOException)
        {
            // The file keeps a partial message at its end, which readers report and stop before.
        }
    }
}
