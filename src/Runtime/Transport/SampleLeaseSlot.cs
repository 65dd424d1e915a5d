namespace Quiver.Transport;

/// <summary>
/// One pooled holder of a taken sample for <see cref="SampleLease"/>. A lease is the slot plus the
/// generation it was handed out with; a release moves the slot to <see cref="Free"/> first, so the
/// lease and its copies see it released before the sample goes back or the slot is reused.
/// </summary>
internal sealed class SampleLeaseSlot(Subscriber owner, LeaseSlotPool<SampleLeaseSlot> pool) : ILeaseSlot
{
    private const long Free = -1;

    private SampleHandle _sample;
    private long _lastGeneration;

    /// <summary>The generation of the lease holding this slot, <see cref="Free"/> when none does.</summary>
    private long _leased = Free;

    /// <summary>The held sample; only read through a lease that checks <see cref="IsLeased"/> after.</summary>
    public SampleHandle Sample => _sample;

    /// <summary>Hands this free slot to a lease holding <paramref name="sample"/>; returns the lease's generation.</summary>
    public long Lease(in SampleHandle sample)
    {
        _sample = sample;
        var generation = ++_lastGeneration;
        Interlocked.Exchange(ref _leased, generation);
        return generation;
    }

    public bool IsLeased(long generation) => Volatile.Read(ref _leased) == generation;

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
        var sample = _sample;
        _sample = default;
        owner.Release(sample);
        pool.Return(this);
    }
}
