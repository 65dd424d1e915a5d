using System.Diagnostics;

namespace Quiver.Transport.Ring;

/// <summary>
/// The subscriber's end of a sample ring. The head and the last sequence live in fields; the tail
/// and each entry are written by the publisher, so each is read once into a local and validated
/// before use: at most a ring's capacity outstanding, a well-formed entry, sequences increasing.
/// Whether the segment, offset and length fit is checked by the caller against its mappings.
/// Not thread-safe: the subscriber serialises takers.
/// </summary>
internal sealed unsafe class SampleRingReader(NotificationChannel channel)
{
    private ulong _head;
    private ulong _lastSequence;
    private YieldPacing _yields;

    /// <summary>A hint that an entry is there (the tail may be garbage; <see cref="TryRead"/> validates).</summary>
    public bool HasEntry => Volatile.Read(ref *channel.SampleTail) != _head;

    /// <summary>Takes the next entry if there is one; a <see cref="ProtocolException"/> if the publisher broke the ring.</summary>
    public bool TryRead(out SampleFrame sample)
    {
        sample = default;
        ulong tail = Volatile.Read(ref *channel.SampleTail);
        ulong outstanding = tail - _head;
        if (outstanding == 0)
            return false;
        if (outstanding > (ulong)channel.SampleCapacity)
            throw new ProtocolException($"The sample ring's tail {tail} is {outstanding} entries ahead of its head {_head}; it holds {channel.SampleCapacity}.");
        Span<byte> entry = stackalloc byte[NotificationChannel.SampleEntrySize];
        new ReadOnlySpan<byte>(channel.SampleEntry(_head), entry.Length).CopyTo(entry);
        var parsed = SampleFrame.Parse(entry);
        if (parsed.Sequence <= _lastSequence)
            throw new ProtocolException($"Sample ring entry with sequence {parsed.Sequence} does not follow {_lastSequence}.");
        _lastSequence = parsed.Sequence;
        _head++;
        Volatile.Write(ref *channel.SampleHead, _head);
        sample = parsed;
        return true;
    }

    /// <summary>
    /// Spins until an entry may be there, <paramref name="interrupted"/> is set or
    /// <paramref name="budget"/> passed. Between checks the spin pauses rather than yields, and it
    /// gives its core away only as <see cref="YieldPacing"/> says: a <see cref="SpinWait"/> yields
    /// on nearly every iteration after its first few, and an entry that lands during a yield's
    /// system call waits for it (measured: 0.1–0.2 µs more one way). The yields still let a sender
    /// that shares this core run.
    /// </summary>
    public bool SpinForEntry(TimeSpan budget, ref int interrupted)
    {
        if (budget <= TimeSpan.Zero)
            return false;
        long now = Stopwatch.GetTimestamp();
        long until = now + (long)(budget.TotalSeconds * Stopwatch.Frequency);
        long yieldAt = now + _yields.Period;
        while (true)
        {
            for (int i = 0; i < ChecksPerClockRead; i++)
            {
                if (HasEntry || Volatile.Read(ref interrupted) != 0)
                    return true;
                Thread.SpinWait(1);
            }
            now = Stopwatch.GetTimestamp();
            if (now >= until)
                return false;
            if (now >= yieldAt)
            {
                Thread.Yield();
                long yielded = Stopwatch.GetTimestamp();
                _yields.Yielded(yielded - now);
                yieldAt = yielded + _yields.Period;
            }
        }
    }

    // The clock (a vDSO call, ~20 ns) is read once per this many checks of the tail.
    private const int ChecksPerClockRead = 16;

    /// <summary>
    /// Sleeps until the publisher pushes, something sets <paramref name="interrupted"/> (and signals
    /// the word), <paramref name="cancellation"/> fires (its callback signals), or the timeout.
    /// The eventcount: read the word, announce the sleep, re-check, then wait on the word's value.
    /// </summary>
    public void Sleep(TimeSpan timeout, ref int interrupted, CancellationToken cancellation)
    {
        uint key = Volatile.Read(ref *channel.SampleWord);
        Interlocked.Increment(ref *(int*)channel.SampleSleepers);
        try
        {
            if (HasEntry || Volatile.Read(ref interrupted) != 0 || cancellation.IsCancellationRequested)
                return;
            Futex.Wait(channel.SampleWord, key, timeout);
        }
        finally
        {
            Interlocked.Decrement(ref *(int*)channel.SampleSleepers);
        }
    }

    /// <summary>Wakes every thread of this process sleeping in <see cref="Sleep"/>.</summary>
    public void WakeSleepers() => Futex.Signal(channel.SampleWord);
}
