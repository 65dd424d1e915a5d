namespace Quiver.Transport.Ring;

/// <summary>
/// The publisher's end of a sample ring. Its tail lives in a field and is only ever written to the
/// channel, never read back: the subscriber could have changed it. It never checks for room: it
/// is only called for a sample the publisher counts in the subscriber's in-flight set (checked for
/// room just before), which never exceeds the queue depth, and the ring holds at least that many
/// entries, so an entry it overwrites has always been consumed by an honest subscriber (a
/// dishonest one only corrupts its own stream).
/// </summary>
internal sealed unsafe class SampleRingWriter(NotificationChannel channel)
{
    private ulong _tail;

    /// <summary>Writes the entry, publishes it with release semantics and wakes the subscriber if it said it sleeps.</summary>
    public void Push(in SampleFrame sample)
    {
        sample.WriteBody(new Span<byte>(channel.SampleEntry(_tail), NotificationChannel.SampleEntrySize));
        _tail++;
        Volatile.Write(ref *channel.SampleTail, _tail);
        // Full fence between publishing the tail and reading the sleeper count; the subscriber has
        // one between announcing itself and re-reading the tail, so one of the two sees the other.
        Interlocked.MemoryBarrier();
        if (Volatile.Read(ref *channel.SampleSleepers) != 0)
            Futex.Signal(channel.SampleWord);
    }
}
