namespace Quiver.Transport.Ring;

/// <summary>
/// The publisher's end of a drop ring, used by one pump thread. The head lives in a field; the
/// tail and the entries are written by the subscriber, so each is read once and the tail is
/// validated (at most the ring's capacity outstanding). Whether each sequence was really sent to
/// this subscriber is checked by its in-flight set, as for socket drop tokens.
/// </summary>
internal sealed unsafe class DropRingReader(NotificationChannel channel)
{
    private ulong _head;

    /// <summary>Appends every outstanding drop to <paramref name="sequences"/>; a <see cref="ProtocolException"/> if the tail is impossible.</summary>
    public void ReadAll(List<ulong> sequences)
    {
        ulong tail = Volatile.Read(ref *channel.DropTail);
        ulong outstanding = tail - _head;
        if (outstanding == 0)
            return;
        if (outstanding > (ulong)channel.DropCapacity)
            throw new ProtocolException($"The drop ring's tail {tail} is {outstanding} entries ahead of its head {_head}; it holds {channel.DropCapacity}.");
        for (ulong position = _head; position != tail; position++)
            sequences.Add(Volatile.Read(ref *channel.DropEntry(position)));
        _head = tail;
        Volatile.Write(ref *channel.DropHead, _head);
    }

    /// <summary>Sleeps until the subscriber pushes a drop or <paramref name="stopping"/> is set (whoever sets it signals the word).</summary>
    public void Sleep(ref int stopping)
    {
        uint key = Volatile.Read(ref *channel.DropWord);
        Interlocked.Increment(ref *(int*)channel.DropSleepers);
        try
        {
            if (Volatile.Read(ref *channel.DropTail) != _head || Volatile.Read(ref stopping) != 0)
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
