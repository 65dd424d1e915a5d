namespace Quiver.Transport.Ring;

/// <summary>
/// The publisher's end of a drop ring. Its head lives in a field; readers are serialised by the
/// publisher's gate (the pump thread, and a send that finds the subscriber full). The tail and the
/// entries are written by the subscriber, so each is read once and the tail is validated (at most
/// the ring's capacity outstanding). Whether each sequence was really sent to this subscriber is
/// checked by its in-flight set, as for socket drop tokens.
/// </summary>
internal sealed unsafe class DropRingReader(NotificationChannel channel)
{
    private ulong _head;

    /// <summary>
    /// Appends every outstanding drop to <paramref name="sequences"/>; a <see cref="ProtocolException"/>
    /// if the tail is impossible. Reads nothing once the channel is unmapped (the connection closed).
    /// </summary>
    public void ReadAll(List<ulong> sequences)
    {
        if (!channel.TryRetain())
            return;
        try
        {
            ulong tail = Volatile.Read(ref *channel.DropTail);
            ulong outstanding = tail - _head;
            if (outstanding == 0)
                return;
            if (outstanding > (ulong)channel.DropCapacity)
                throw new ProtocolException($"The drop ring's tail {tail} is {outstanding} entries ahead of its head {_head}; it holds {channel.DropCapacity}.");
            for (ulong position = _head; position != tail; position++)
                sequences.Add(Volatile.Read(ref *channel.DropEntry(position)));
            Volatile.Write(ref _head, tail);
            Volatile.Write(ref *channel.DropHead, tail);
        }
        finally
        {
            channel.Release();
        }
    }

    /// <summary>
    /// The pump's wait: sleeps until the subscriber pushes a drop or <paramref name="stopping"/> is set
    /// (whoever sets it signals the word). A sender that consumed the drops meanwhile only costs a spurious wake.
    /// </summary>
    public void Sleep(ref int stopping)
    {
        uint key = Volatile.Read(ref *channel.DropWord);
        Interlocked.Increment(ref *(int*)channel.DropSleepers);
        try
        {
            if (Volatile.Read(ref *channel.DropTail) != Volatile.Read(ref _head) || Volatile.Read(ref stopping) != 0)
                return;
            Futex.Wait(channel.DropWord, key, Timeout.InfiniteTimeSpan);
        }
        finally
        {
            Interlocked.Decrement(ref *(int*)channel.DropSleepers);
        }
    }

    public void Wake() => Futex.Signal(channel.DropWord);
}
