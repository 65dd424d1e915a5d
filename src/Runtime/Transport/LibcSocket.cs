using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Quiver.Transport;

/// <summary>
/// The socket calls .NET does not offer: sendmsg/recvmsg with SCM_RIGHTS, SO_PEERCRED, SO_RCVTIMEO,
/// poll over many sockets, and the eventfd that wakes such a poll.
/// Struct layouts are those of 64-bit Linux (x86_64 and arm64 agree).
/// </summary>
internal static unsafe partial class LibcSocket
{
    public const int SolSocket = 1;
    public const int ScmRights = 1;
    public const int SoPeerCred = 17;
    public const int SoRcvTimeo = 20;
    public const int MsgCtrunc = 0x8;
    public const int MsgNoSignal = 0x4000;
    public const int MsgCmsgCloexec = 0x40000000;
    public const int EIntr = 4;
    public const int EAgain = 11;
    public const short PollIn = 0x1;
    public const short PollOut = 0x4;
    public const int EventFdCloseOnExec = 0x80000;
    public const int EventFdNonBlocking = 0x800;

    [StructLayout(LayoutKind.Sequential)]
    public struct IoVector
    {
        public void* Base;
        public nuint Length;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct MessageHeader
    {
        public void* Name;
        public uint NameLength;
        public IoVector* Iov;
        public nuint IovLength;
        public void* Control;
        public nuint ControlLength;
        public int Flags;
    }

    /// <summary>struct cmsghdr: size_t len; int level; int type; then data aligned to 8.</summary>
    public const int ControlHeaderSize = 16;

    public static int ControlSpace(int dataBytes) => ControlHeaderSize + (dataBytes + 7) / 8 * 8;

    [StructLayout(LayoutKind.Sequential)]
    public struct PeerCredentials
    {
        public int ProcessId;
        public uint UserId;
        public uint GroupId;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct TimeValue
    {
        public long Seconds;
        public long Microseconds;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct PollDescriptor
    {
        public int Fd;
        public short Events;
        public short ReturnedEvents;
    }

    [LibraryImport("libc", EntryPoint = "sendmsg", SetLastError = true)]
    public static partial nint SendMessage(int fd, MessageHeader* message, int flags);

    [LibraryImport("libc", EntryPoint = "recvmsg", SetLastError = true)]
    public static partial nint ReceiveMessage(int fd, MessageHeader* message, int flags);

    [LibraryImport("libc", EntryPoint = "getsockopt", SetLastError = true)]
    public static partial int GetSocketOption(int fd, int level, int name, void* value, uint* length);

    [LibraryImport("libc", EntryPoint = "setsockopt", SetLastError = true)]
    public static partial int SetSocketOption(int fd, int level, int name, void* value, uint length);

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    public static partial int Poll(PollDescriptor* descriptors, nuint count, int timeoutMilliseconds);

    [LibraryImport("libc", EntryPoint = "eventfd", SetLastError = true)]
    public static partial int EventFd(uint initialValue, int flags);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    public static partial nint Write(int fd, void* buffer, nuint count);

    public static int FdOf(Socket socket) => (int)socket.SafeHandle.DangerousGetHandle();

    public static SocketException Failure() => Failure(Marshal.GetLastPInvokeError());

    /// <summary>A <see cref="SocketException"/> whose <see cref="SocketException.SocketErrorCode"/> says what the errno meant.</summary>
    public static SocketException Failure(int errno) => new((int)(errno switch
    {
        EAgain => SocketError.TimedOut,
        32 => SocketError.Shutdown,
        104 => SocketError.ConnectionReset,
        9 => SocketError.OperationAborted,
        _ => SocketError.SocketError,
    }));
}
