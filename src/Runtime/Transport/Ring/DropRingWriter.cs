namespace Quiver.Transport.Ring;

/// <summary>
/// The subscriber's end of a drop ring: releases from any thread append the sequence under a lock
/// and wake the publisher's drop pump if it said it sleeps. No room check is needed: a drop names
/// a sample the publisher counts in flight until it has consumed that drop, and the ring holds as
/// many entries as the publisher's queue depth.
/// </summary>
internal sealed unsafe class DropRingWriter(NotificationChannel channel)
{
    private readonly object _lock = new();
    private ulong _tail;
    private bool _closed;

    public long Sent { get; private set; }

    /// <summary>Appends a drop token; false once closed (the publisher reclaims everything when the connection ends).</summary>
    public bool Push(ulong sequence)
    {
        if (!channel.TryRetain())
            return false;
        try
        {
            lock (_lock)
            {
                if (_closed)
                    return false;
                *channel.DropEntry(_tail) = sequence;
                _tail++;
                Volatile.Write(ref *channel.DropTail, _tail);
                Sent++;
            }
            // Same pairing as the sample ring: tail published, full fence, then the sleeper count.
            Interlocked.MemoryBarrier();
            if (Volatile.Read(ref *channel.DropSleepers) != 0)
                Futex.Signal(channel.DropWord);
            return true;
        }
        finally
        {
            channel.Release();
        }
    }

    public void Close()
    {
        lock (_lock)
            _closed = true;
    }
}
