namespace Quiver.Transport;

/// <summary>
/// The slots behind a subscriber's leases (<see cref="SampleLease"/>, <c>MessageLease&lt;T&gt;</c>).
/// A slot is made only when every other one is held, so the pool grows to the most leases held at
/// once, which the transport bounds by the publisher's queue depth (it refuses a publisher that
/// sends more unreleased samples than that); from then on a take allocates nothing.
/// </summary>
internal sealed class LeaseSlotPool<TSlot>(Func<TSlot> create) where TSlot : PooledLeaseSlot
{
    private readonly object _lock = new();
    private readonly Stack<TSlot> _free = new();
    private readonly List<TSlot> _all = [];

    public TSlot Rent()
    {
        lock (_lock)
        {
            if (_free.TryPop(out var slot))
                return slot;
            slot = create();
            _all.Add(slot);
            return slot;
        }
    }

    public void Return(TSlot slot)
    {
        lock (_lock)
            _free.Push(slot);
    }

    /// <summary>Releases every sample a lease still holds (their leases throw from then on).</summary>
    public void ReleaseAll()
    {
        TSlot[] slots;
        lock (_lock)
            slots = _all.ToArray();
        foreach (var slot in slots)
        {
            if (slot.CurrentLease is { } generation)
                slot.Release(generation);
        }
    }
}
