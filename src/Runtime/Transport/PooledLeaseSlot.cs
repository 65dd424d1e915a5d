namespace Quiver.Transport;

/// <summary>
/// A pooled holder of one taken sample, and which lease holds it: the generation the lease was
/// handed out with, or <see cref="Free"/>. A release moves the slot to free first (a
/// compare-and-swap, so exactly one of a lease's copies, or the subscriber's dispose, wins); the
/// lease and its copies see it released before the sample goes back or the slot is reused.
/// </summary>
internal abstract class PooledLeaseSlot
{
    private const long Free = -1;

    private long _leased = Free;

    public bool IsLeased(long generation) => Volatile.Read(ref _leased) == generation;

    /// <summary>
    /// <see cref="IsLeased"/> for a lease that has just read from the slot: false means a racing
    /// release may have let the slot take the next sample, and what was read must be thrown away.
    /// The read barrier keeps those reads ahead of the check. x86 never moves a load after a
    /// later one, and there the barrier costs nothing; ARM64 may, and there the check would
    /// otherwise pass on a value read from the next sample.
    /// </summary>
    public bool IsStillLeased(long generation)
    {
        Volatile.ReadBarrier();
        return IsLeased(generation);
    }

    /// <summary>The generation of the lease holding the slot now, or null when it is free.</summary>
    public long? CurrentLease => Volatile.Read(ref _leased) is var leased && leased != Free ? leased : null;

    /// <summary>
    /// Ends the lease of <paramref name="generation"/> if it still holds the slot: exactly one
    /// caller wins, so disposing a lease twice, from copies, or racing the subscriber's dispose
    /// releases the sample once.
    /// </summary>
    public void Release(long generation)
    {
        if (Interlocked.CompareExchange(ref _leased, Free, generation) != generation)
            return;
        Released();
    }

    /// <summary>Hands this free slot, already holding its sample, to the lease of <paramref name="generation"/>.</summary>
    protected void HandTo(long generation) => Interlocked.Exchange(ref _leased, generation);

    /// <summary>After the release won: gives the sample back and the slot to its pool.</summary>
    protected abstract void Released();
}
