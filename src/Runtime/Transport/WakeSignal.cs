using Quiver.SharedMemory;

namespace Quiver.Transport;

/// <summary>
/// An eventfd that a thread blocked in poll also watches, so another thread can end the wait at once
/// (closing a socket a poll is watching does not wake it on Linux).
/// </summary>
internal sealed unsafe class WakeSignal : IDisposable
{
    public WakeSignal()
    {
        Fd = LibcSocket.EventFd(0, LibcSocket.EventFdCloseOnExec | LibcSocket.EventFdNonBlocking);
        if (Fd < 0)
            throw LibcSocket.Failure();
    }

    /// <summary>The descriptor to poll for readability; it stays readable once set.</summary>
    public int Fd { get; }

    public void Set()
    {
        ulong one = 1;
        // Non-blocking: a counter that would overflow is already readable, which is all a set needs.
        LibcSocket.Write(Fd, &one, sizeof(ulong));
    }

    /// <summary>Only once the thread polling it has ended.</summary>
    public void Dispose() => LibcMemory.Close(Fd);
}
