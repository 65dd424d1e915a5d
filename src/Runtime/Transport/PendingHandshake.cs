using System.Net.Sockets;

namespace Quiver.Transport;

internal enum HandshakeProgress
{
    Waiting,
    HelloComplete,
    PeerClosed,
}

/// <summary>
/// A connection whose hello has not fully arrived: its non-blocking socket, the peer's pid, the
/// deadline, and the bytes received so far. It reads no further than the end of the hello, so
/// anything the peer sends after it stays in the socket for the connection's own thread; and its
/// buffer grows only as bytes arrive, so a peer that promises a large hello and drips it costs
/// what it sent, never more than one frame.
/// </summary>
internal sealed class PendingHandshake
{
    private const int InitialCapacity = 1024;
    private readonly SubscriberStreamDecoder _decoder = new();
    private byte[] _bytes = new byte[InitialCapacity];
    private int _received;
    private int _frameLength = FrameHeader.Size;
    private FrameHeader? _header;

    public PendingHandshake(Socket socket, int processId, Deadline deadline)
    {
        Socket = socket;
        ProcessId = processId;
        Deadline = deadline;
        socket.Blocking = false;
    }

    public Socket Socket { get; }
    public int ProcessId { get; }
    public Deadline Deadline { get; }

    /// <summary>Set once <see cref="Receive"/> has returned <see cref="HandshakeProgress.HelloComplete"/>.</summary>
    public Hello? Hello { get; private set; }

    /// <summary>The decoder that read the hello, for the connection to go on with (a second hello is a violation).</summary>
    public SubscriberStreamDecoder Decoder => _decoder;

    /// <summary>
    /// Reads what has arrived without blocking. A first frame that is not a valid subscriber hello
    /// throws <see cref="ProtocolException"/>; a reset connection throws <see cref="SocketException"/>.
    /// </summary>
    public HandshakeProgress Receive()
    {
        while (true)
        {
            if (_received == _bytes.Length)
                Array.Resize(ref _bytes, Math.Min(_frameLength, _bytes.Length * 2));
            int wanted = Math.Min(_frameLength, _bytes.Length) - _received;
            int count = Socket.Receive(_bytes.AsSpan(_received, wanted), SocketFlags.None, out var error);
            if (error == SocketError.WouldBlock)
                return HandshakeProgress.Waiting;
            if (error == SocketError.Interrupted)
                continue;
            if (error != SocketError.Success)
                throw new SocketException((int)error);
            if (count == 0)
                return HandshakeProgress.PeerClosed;
            _received += count;
            if (_received < _frameLength)
                continue;
            if (_header is null)
            {
                var header = FrameHeader.Parse(_bytes.AsSpan(0, FrameHeader.Size), PeerRole.Subscriber);
                _header = header;
                _frameLength = FrameHeader.Size + header.BodyLength;
                if (_received < _frameLength)
                    continue;
            }
            _decoder.Decode(_header.Value, _bytes.AsSpan(FrameHeader.Size, _header.Value.BodyLength), [], out var hello);
            // A first frame other than a hello made the decoder throw, so this is the hello.
            Hello = hello!;
            return HandshakeProgress.HelloComplete;
        }
    }
}
