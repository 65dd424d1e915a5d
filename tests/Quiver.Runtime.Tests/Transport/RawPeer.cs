using System.Net.Sockets;
using Quiver.Transport;

namespace Quiver.Runtime.Tests.Transport;

/// <summary>A connection that speaks the frame format by hand, to play a buggy or hostile peer.</summary>
internal sealed class RawPeer : IDisposable
{
    private readonly FrameBuffer _buffer = new();
    private readonly Queue<int> _descriptors = new();

    public RawPeer(Socket socket)
    {
        Socket = socket;
        DescriptorSocket.SetReceiveTimeout(socket, TimeSpan.FromSeconds(20));
    }

    public Socket Socket { get; }

    public static RawPeer ConnectTo(string topic)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Connect(new UnixDomainSocketEndPoint(RuntimeDirectory.SocketPath(topic)));
        return new RawPeer(socket);
    }

    public static byte[] SubscriberHello(string topic, ulong fingerprint) =>
        new Hello(PeerRole.Subscriber, topic, "test.Bytes", fingerprint, new byte[] { 1, 2, 3 }).ToFrame();

    public static byte[] PublisherHello(string topic, uint queueDepth = 4) =>
        new Hello(PeerRole.Publisher, topic, "test.Bytes", TransportFixture.Contract.Fingerprint, new byte[] { 1, 2, 3 }, queueDepth).ToFrame();

    public void Send(byte[] bytes) => Socket.Send(bytes);

    /// <summary>The oldest descriptor received and not yet taken; the caller owns it.</summary>
    public int TakeDescriptor() => _descriptors.Dequeue();

    /// <summary>The next frame from the other side, or null when it closed the connection.</summary>
    public (FrameHeader Header, byte[] Body)? Next(PeerRole sender)
    {
        while (true)
        {
            if (_buffer.TryTake(sender, out var header, out var body))
                return (header, body.ToArray());
            int received = DescriptorSocket.Receive(Socket, _buffer.GetReceiveSpan(), _descriptors);
            if (received == 0)
                return null;
            _buffer.Advance(received);
        }
    }

    /// <summary>Reads frames until one of <paramref name="type"/>.</summary>
    public byte[] NextOf(PeerRole sender, FrameType type)
    {
        while (Next(sender) is { } frame)
        {
            if (frame.Header.Type == type)
                return frame.Body;
        }
        throw new InvalidOperationException($"The connection closed before a {type} frame.");
    }

    /// <summary>True once the other side has closed the connection (reads until end of stream).</summary>
    public bool WasClosed(PeerRole sender)
    {
        try
        {
            while (Next(sender) is not null)
            {
            }
            return true;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            return true;
        }
    }

    public void Dispose()
    {
        while (_descriptors.TryDequeue(out int fd))
            Quiver.SharedMemory.LibcMemory.Close(fd);
        Socket.Dispose();
    }
}
