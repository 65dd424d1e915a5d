using System.Net.Sockets;

namespace Quiver.Transport;

/// <summary>
/// Sends drop tokens back to the publisher, batched: the thread that releases a sample while no
/// send is in progress sends everything queued so far; releases that happen meanwhile ride along
/// in the next frame. After the connection ends, tokens are discarded (the publisher reclaims
/// everything when a subscriber's socket closes).
/// </summary>
internal sealed class DropTokenSender
{
    private readonly object _lock = new();
    private readonly Socket _socket;
    private readonly object _writeLock;
    private List<ulong> _pending = new();
    private List<ulong> _sending = new();
    private byte[] _frame = new byte[DropTokenFrame.FrameSize(64)];
    private bool _flushing;
    private bool _closed;

    public DropTokenSender(Socket socket, object writeLock)
    {
        _socket = socket;
        _writeLock = writeLock;
    }

    public long Sent { get; private set; }

    public void Enqueue(ulong sequence, bool fromFinalizer)
    {
        lock (_lock)
        {
            if (_closed)
                return;
            _pending.Add(sequence);
            if (_flushing)
                return;
            _flushing = true;
        }
        // The finalizer thread must not block on a socket.
        if (fromFinalizer)
            ThreadPool.UnsafeQueueUserWorkItem(_ => Flush(), null);
        else
            Flush();
    }

    /// <summary>Stops sending; later releases are dropped silently.</summary>
    public void Close()
    {
        lock (_lock)
        {
            _closed = true;
            _pending.Clear();
        }
    }

    private void Flush()
    {
        while (true)
        {
            lock (_lock)
            {
                if (_pending.Count == 0 || _closed)
                {
                    _flushing = false;
                    return;
                }
                (_pending, _sending) = (_sending, _pending);
            }
            try
            {
                for (int start = 0; start < _sending.Count; start += FrameHeader.MaxDropTokens)
                {
                    int count = Math.Min(FrameHeader.MaxDropTokens, _sending.Count - start);
                    if (_frame.Length < DropTokenFrame.FrameSize(count))
                        _frame = new byte[DropTokenFrame.FrameSize(count)];
                    int length = DropTokenFrame.Write(_frame, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_sending).Slice(start, count));
                    lock (_writeLock)
                        _socket.Send(_frame.AsSpan(0, length));
                    Sent += count;
                }
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                Close();
            }
            _sending.Clear();
        }
    }
}
