namespace Quiver.Transport;

/// <summary>One pooled holder of a taken sample for <see cref="SampleLease"/>.</summary>
internal sealed class SampleLeaseSlot(Subscriber owner, LeaseSlotPool<SampleLeaseSlot> pool) : PooledLeaseSlot
{
    private SampleHandle _sample;
    private long _lastGeneration;

    /// <summary>The held sample; only read through a lease that checks <see cref="PooledLeaseSlot.IsLeased"/> after.</summary>
    public SampleHandle Sample => _sample;

    /// <summary>Hands this free slot to a lease holding <paramref name="sample"/>; returns the lease's generation.</summary>
    public long Lease(in SampleHandle sample)
    {
        _sample = sample;
        var generation = ++_lastGeneration;
        HandTo(generation);
        return generation;
    }

    protected override void Released()
    {
        var sample = _sample;
        _sample = default;
        owner.Release(sample);
        pool.Return(this);
    }
}
