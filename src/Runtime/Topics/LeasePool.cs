using Quiver.Messages;
using Quiver.Transport;

namespace Quiver;

/// <summary>The decode targets of a <see cref="Subscriber{T}"/>'s leases, pooled (<see cref="LeaseSlotPool{TSlot}"/>).</summary>
internal sealed class LeasePool<T> where T : IMessage<T>
{
    private readonly LeaseSlotPool<LeaseSlot<T>> _slots;

    public LeasePool(Subscriber transport, Arrow.Schema readSchema, ColumnMap? evolution)
    {
        Transport = transport;
        ReadSchema = readSchema;
        Evolution = evolution;
        _slots = new LeaseSlotPool<LeaseSlot<T>>(() => new LeaseSlot<T>(this));
    }

    public Subscriber Transport { get; }

    /// <summary>The schema samples are written in: <c>T.Schema</c>, or a compatible publisher's.</summary>
    public Arrow.Schema ReadSchema { get; }

    /// <summary>How views find their columns in a compatible publisher's batches; null for <c>T.Schema</c>.</summary>
    public ColumnMap? Evolution { get; }

    public LeaseSlot<T> Rent() => _slots.Rent();

    public void Return(LeaseSlot<T> slot) => _slots.Return(slot);

    /// <summary>Releases every sample a lease still holds (their leases and views throw from then on).</summary>
    public void ReleaseAll() => _slots.ReleaseAll();
}
