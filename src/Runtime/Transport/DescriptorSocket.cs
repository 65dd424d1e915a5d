using System.Net.Sockets;
using System.Runtime.InteropServices;
using Quiver.SharedMemory;

namespace Quiver.Transport;

/// <summary>
/// A connected Unix stream socket with the operations the topic protocol needs beyond .NET's:
/// sending a frame together with one file descriptor, receiving bytes and any descriptors that
/// came with them, and the peer's credentials.
/// The owner guarantees the socket is not closed while one of these calls runs (it shuts the
/// socket down, waits for its threads, then disposes it), so the raw descriptor stays valid.
/// </summary>
internal static unsafe class DescriptorSocket
{
    /// <summary>At most this many descriptors are accepted per receive; more is a protocol violation.</summary>
    public const int MaxDescriptorsPerReceive = 8;

    public static (int ProcessId, uint UserId) PeerCredentials(Socket socket)
    {
        LibcSocket.PeerCredentials credentials;
        uint length = (uint)sizeof(LibcSocket.PeerCredentials);
        if (LibcSocket.GetSocketOption(LibcSocket.FdOf(socket), LibcSocket.SolSocket, LibcSocket.SoPeerCred, &credentials, &length) != 0)
            throw LibcSocket.Failure();
        return (credentials.ProcessId, credentials.UserId);
    }

    public static uint CurrentUserId => LibcMemory.GetUid();

    /// <summary>Bounds how long a blocking receive (including recvmsg) waits; zero waits forever.</summary>
    public static void SetReceiveTimeout(Socket socket, TimeSpan timeout)
    {
        var value = new LibcSocket.TimeValue { Seconds = (long)timeout.TotalSeconds, Microseconds = timeout.Milliseconds * 1000L };
        if (LibcSocket.SetSocketOption(LibcSocket.FdOf(socket), LibcSocket.SolSocket, LibcSocket.SoRcvTimeo, &value, (uint)sizeof(LibcSocket.TimeValue)) != 0)
            throw LibcSocket.Failure();
    }

    /// <summary>Sends <paramref name="frame"/> with <paramref name="fd"/> attached to its first byte.</summary>
    public static void SendWithDescriptor(Socket socket, ReadOnlySpan<byte> frame, int fd, TimeSpan timeout)
    {
        int control = LibcSocket.ControlSpace(sizeof(int));
        byte* controlBuffer = stackalloc byte[control];
        new Span<byte>(controlBuffer, control).Clear();
        *(nuint*)controlBuffer = (nuint)(LibcSocket.ControlHeaderSize + sizeof(int));
        *(int*)(controlBuffer + 8) = LibcSocket.SolSocket;
        *(int*)(controlBuffer + 12) = LibcSocket.ScmRights;
        *(int*)(controlBuffer + LibcSocket.ControlHeaderSize) = fd;

        fixed (byte* bytes = frame)
        {
            int sent = 0;
            bool first = true;
            while (sent < frame.Length)
            {
                var iov = new LibcSocket.IoVector { Base = bytes + sent, Length = (nuint)(frame.Length - sent) };
                var message = new LibcSocket.MessageHeader { Iov = &iov, IovLength = 1 };
                if (first)
                {
                    message.Control = controlBuffer;
                    message.ControlLength = (nuint)control;
                }
                nint result = LibcSocket.SendMessage(LibcSocket.FdOf(socket), &message, LibcSocket.MsgNoSignal);
                if (result < 0)
                {
                    int errno = Marshal.GetLastPInvokeError();
                    if (errno == LibcSocket.EIntr)
                        continue;
                    if (errno == LibcSocket.EAgain)
                    {
                        WaitWritable(socket, timeout);
                        continue;
                    }
                    throw LibcSocket.Failure(errno);
                }
                // The descriptor went with the first byte; the rest is plain data.
                first = false;
                sent += (int)result;
            }
        }
    }

    /// <summary>
    /// Receives into <paramref name="buffer"/>; descriptors that arrive are appended to
    /// <paramref name="descriptors"/> (close-on-exec). Returns 0 at end of stream.
    /// </summary>
    public static int Receive(Socket socket, Span<byte> buffer, Queue<int> descriptors)
    {
        int control = LibcSocket.ControlSpace(sizeof(int) * MaxDescriptorsPerReceive);
        byte* controlBuffer = stackalloc byte[control];
        fixed (byte* bytes = buffer)
        {
            while (true)
            {
                var iov = new LibcSocket.IoVector { Base = bytes, Length = (nuint)buffer.Length };
                var message = new LibcSocket.MessageHeader { Iov = &iov, IovLength = 1, Control = controlBuffer, ControlLength = (nuint)control };
                nint result = LibcSocket.ReceiveMessage(LibcSocket.FdOf(socket), &message, LibcSocket.MsgCmsgCloexec);
                if (result < 0)
                {
                    int errno = Marshal.GetLastPInvokeError();
                    if (errno == LibcSocket.EIntr)
                        continue;
                    throw LibcSocket.Failure(errno);
                }
                CollectDescriptors(controlBuffer, (int)message.ControlLength, descriptors);
                if ((message.Flags & LibcSocket.MsgCtrunc) != 0)
                    throw new ProtocolException($"The peer sent more than {MaxDescriptorsPerReceive} descriptors at once.");
                return (int)result;
            }
        }
    }

    private static void CollectDescriptors(byte* control, int length, Queue<int> descriptors)
    {
        int at = 0;
        while (length - at >= LibcSocket.ControlHeaderSize)
        {
            long cmsgLength = (long)*(nuint*)(control + at);
            if (cmsgLength < LibcSocket.ControlHeaderSize || cmsgLength > length - at)
                break;
            int level = *(int*)(control + at + 8);
            int type = *(int*)(control + at + 12);
            if (level == LibcSocket.SolSocket && type == LibcSocket.ScmRights)
            {
                int count = (int)(cmsgLength - LibcSocket.ControlHeaderSize) / sizeof(int);
                for (int i = 0; i < count; i++)
                    descriptors.Enqueue(*(int*)(control + at + LibcSocket.ControlHeaderSize + i * sizeof(int)));
            }
            at += LibcSocket.ControlSpace((int)cmsgLength - LibcSocket.ControlHeaderSize);
        }
    }

    private static void WaitWritable(Socket socket, TimeSpan timeout)
    {
        var descriptor = new LibcSocket.PollDescriptor { Fd = LibcSocket.FdOf(socket), Events = LibcSocket.PollOut };
        int ready = LibcSocket.Poll(&descriptor, 1, (int)Math.Min(int.MaxValue, timeout.TotalMilliseconds));
        if (ready == 0)
            throw new SocketException((int)SocketError.TimedOut);
    }
}
