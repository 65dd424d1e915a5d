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
    private volatile bool _asleep;
    // 1 from the moment the pump decides to announce its next sleep until it decides again.
    private int _announced;

    /// <summary>True while the pump is in FUTEX_WAIT or about to be; lets tests know it will not read the ring on its own.</summary>
    public bool IsAsleep => _asleep;

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
    /// The pump's wait: sleeps until the subscriber pushes a drop, the publisher wants drops, or
    /// <paramref name="stopping"/> is set (whoever sets it signals the word). The pump announces
    /// itself as a sleeper, which makes every push pay a FUTEX_WAKE, only while
    /// <paramref name="wanted"/> says the publisher waits for releases; otherwise pushes stay in
    /// the ring until the publisher reads it on its own (a loan, a full subscriber, the stats) or
    /// <paramref name="poll"/> has passed, and a new waiter wakes the pump with
    /// <see cref="WakeUnlessAnnounced"/>. Why that wake cannot be lost: the pump clears its
    /// announced flag, then (a full fence) asks <paramref name="wanted"/>; a waiter counts itself,
    /// then (a full fence) reads the flag. One of the two sees the other's write: either the pump
    /// announces, or the waiter signals the word, which the pump read before, so FUTEX_WAIT returns
    /// at once. A sender that consumed the drops meanwhile only costs a spurious wake.
    /// </summary>
    public void Sleep(ref int stopping, Func<bool> wanted, TimeSpan poll)
    {
        uint key = Volatile.Read(ref *channel.DropWord);
        Interlocked.Exchange(ref _announced, 0);
        bool announce = wanted();
        if (announce)
        {
            Volatile.Write(ref _announced, 1);
            Interlocked.Increment(ref *(int*)channel.DropSleepers);
        }
        try
        {
            if ((announce && Volatile.Read(ref *channel.DropTail) != Volatile.Read(ref _head)) || Volatile.Read(ref stopping) != 0)
                return;
            _asleep = true;
            Futex.Wait(channel.DropWord, key, announce ? Timeout.InfiniteTimeSpan : poll);
        }
        finally
        {
            _asleep = false;
            if (announce)
                Interlocked.Decrement(ref *(int*)channel.DropSleepers);
        }
    }

    /// <summary>For a new waiter, after it counted itself (with a full fence): wakes the pump unless it announces its sleeps already.</summary>
    public void WakeUnlessAnnounced()
    {
        if (Volatile.Read(ref _announced) == 0)
            Wake();
    }

    /// <summary>Wakes the pump; does nothing once the channel is unmapped (the pump has ended).</summary>
    public void Wake()
    {
        if (!channel.TryRetain())
            return;
        try
        {
            Futex.Signal(channel.DropWord);
        }
        finally
        {
            channel.Release();
        }
    }
}
