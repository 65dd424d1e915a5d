namespace Quiver.Transport;

/// <summary>
/// Bytes received from a stream socket, cut into frames. The header is validated before the body
/// is waited for, so the buffer never grows past the largest frame the sender's role allows.
/// </summary>
internal sealed class FrameBuffer
{
    private byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;

    public int Buffered => _end - _start;

    /// <summary>Free space to receive into (at least <paramref name="minimum"/> bytes).</summary>
    public Span<byte> GetReceiveSpan(int minimum = 4096)
    {
        if (_buffer.Length - _end < minimum)
        {
            int used = _end - _start;
            if (_buffer.Length - used < minimum)
                Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, used + minimum));
            _buffer.AsSpan(_start, used).CopyTo(_buffer);
            _start = 0;
            _end = used;
        }
        return _buffer.AsSpan(_end);
    }

    public void Advance(int received) => _end += received;

    /// <summary>
    /// The next complete frame, or false if more bytes are needed. A header that
    /// <paramref name="sender"/> may not send throws <see cref="ProtocolException"/>.
    /// The body is valid until the next call on this buffer.
    /// </summary>
    public bool TryTake(PeerRole sender, out FrameHeader header, out ReadOnlySpan<byte> body)
    {
        body = default;
        header = default;
        if (Buffered < FrameHeader.Size)
            return false;
        header = FrameHeader.Parse(_buffer.AsSpan(_start, FrameHeader.Size), sender);
        int frameLength = FrameHeader.Size + header.BodyLength;
        if (Buffered < frameLength)
        {
            GetReceiveSpan(frameLength - Buffered);
            return false;
        }
        body = _buffer.AsSpan(_start + FrameHeader.Size, header.BodyLength);
        _start += frameLength;
        if (_start == _end)
            _start = _end = 0;
        return true;
    }
}
