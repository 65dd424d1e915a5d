using Quiver.Messages;
using Quiver.Transport;

namespace Quiver;

/// <summary>
/// The decode targets of a <see cref="Subscriber{T}"/>'s leases. A slot is made only when every
/// other one is held, so the pool grows to the most leases held at once, which the transport
/// bounds by the publisher's queue depth (it refuses a publisher that sends more unreleased
/// samples than that). Then receiving allocates nothing.
/// </summary>
internal sealed class LeasePool<T>(Subscriber transport, Arrow.Schema readSchema, ColumnMap? evolution) where T : IMessage<T>
{
    private readonly object _lock = new();
    private readonly Stack<LeaseSlot<T>> _free = new();
    private readonly List<LeaseSlot<T>> _all = [];

    public Subscriber Transport { get; } = transport;

    /// <summary>The schema samples are written in: <c>T.Schema</c>, or a compatible publisher's.</summary>
    public Arrow.Schema ReadSchema { get; } = readSchema;

    /// <summary>How views find their columns in a compatible publisher's batches; null for <c>T.Schema</c>.</summary>
    public ColumnMap? Evolution { get; } = evolution;

    public LeaseSlot<T> Rent()
    {
        lock (_lock)
        {
            if (_free.TryPop(out var slot))
                return slot;
            slot = new LeaseSlot<T>(this);
            _all.Add(slot);
            return slot;
        }
    }

    public void Return(LeaseSlot<T> slot)
    {
        lock (_lock)
            _free.Push(slot);
    }

    /// <summary>Releases every sample a lease still holds (their leases and views throw from then on).</summary>
    public void ReleaseAll()
    {
        LeaseSlot<T>[] slots;
        lock (_lock)
            slots = _all.ToArray();
        foreach (var slot in slots)
        {
            if (slot.CurrentLease is { } generation)
                slot.Release(generation);
        }
    }
}
