using System.Diagnostics;

namespace Quiver.Transport;

/// <summary>
/// Whether a publisher's drop pumps should ask their subscribers to wake them on each release:
/// only while a publisher thread waits for one (a loan blocked on a full pool, WaitFor…) and for
/// <see cref="Linger"/> after the last such wait. The rest of the time the publisher reads the
/// drop rings itself (on loans, stats, the held-sample scan) and a release costs the subscriber no
/// FUTEX_WAKE. The handshake between a new waiter and a pump about to sleep is in
/// <see cref="Ring.DropRingReader.Sleep"/>; docs/protocol.md describes it.
/// </summary>
internal sealed class DropWakeRequests
{
    private int _waiters;
    // Stopwatch ticks; long before any wait at first.
    private long _lastWaitEnded = long.MinValue / 2;
    private long _lingerTicks = Stopwatch.Frequency / 10;

    /// <summary>
    /// How long pumps keep asking after the last wait ended (100 ms). A publisher that waits for
    /// every release (a lockstep sender, a pool of one sample) would otherwise wake each pump once
    /// more per wait, to make it ask again. Zero in tests that make every wait wake a pump that
    /// does not ask.
    /// </summary>
    public TimeSpan Linger
    {
        get => Stopwatch.GetElapsedTime(0, Volatile.Read(ref _lingerTicks));
        set => Volatile.Write(ref _lingerTicks, (long)(value.TotalSeconds * Stopwatch.Frequency));
    }

    /// <summary>Read by the pumps without the publisher's gate, after a full fence.</summary>
    public bool Wanted() =>
        Volatile.Read(ref _waiters) != 0 || Stopwatch.GetTimestamp() - Volatile.Read(ref _lastWaitEnded) < Volatile.Read(ref _lingerTicks);

    /// <summary>
    /// Waits on <paramref name="gate"/>, which the caller holds, for a release (or a join, a leave,
    /// a dispose) as a drop waiter: counted first (a full fence), then every pump that does not
    /// ask yet is woken, so it asks.
    /// </summary>
    public void WaitLocked(object gate, TimeSpan remaining, List<SubscriberConnection> subscribers)
    {
        Interlocked.Increment(ref _waiters);
        try
        {
            foreach (var subscriber in subscribers)
                subscriber.WakeDropPumpUnlessAnnounced();
            Monitor.Wait(gate, remaining);
        }
        finally
        {
            Volatile.Write(ref _lastWaitEnded, Stopwatch.GetTimestamp());
            Interlocked.Decrement(ref _waiters);
        }
    }
}
