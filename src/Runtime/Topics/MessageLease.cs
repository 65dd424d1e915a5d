using Quiver.Messages;

namespace Quiver;

/// <summary>
/// One received sample of a typed topic, from <see cref="Subscriber{T}.TryTake"/>: a batch of
/// <see cref="Count"/> messages read in place in the publisher's shared memory, decoded into a
/// pooled slot of the subscriber, so receiving allocates nothing. <see cref="Dispose"/> releases the
/// sample and gives the slot back; it is idempotent, also when called on copies. Every use of the
/// lease, of any copy of it and of any view made from it after that throws
/// <see cref="ObjectDisposedException"/>, even once the slot holds a later message.
/// A struct has no finalizer: a lease never disposed keeps its sample (and the publisher's memory)
/// until the subscriber is disposed, which releases everything.
/// </summary>
public readonly struct MessageLease<T> : IDisposable where T : IMessage<T>
{
    private readonly LeaseSlot<T>? _slot;
    private readonly long _generation;

    internal MessageLease(LeaseSlot<T> slot, long generation)
    {
        _slot = slot;
        _generation = generation;
    }

    /// <summary>The pooled slot the lease holds (tests check that a slot is reused).</summary>
    internal object? Slot => _slot;

    /// <summary>True once disposed (by this lease, a copy, or the subscriber's dispose), and for a default lease.</summary>
    public bool IsReleased => _slot is null || !_slot.IsLeased(_generation);

    public int Count => Read(static slot => slot.Count);

    public ulong Sequence => Read(static slot => slot.Sequence);

    /// <summary>When the publisher sent it: nanoseconds since the Unix epoch (its wall clock).</summary>
    public long TimestampNanoseconds => Read(static slot => slot.TimestampNanoseconds);

    public DateTimeOffset Timestamp => DateTimeOffset.UnixEpoch.AddTicks(TimestampNanoseconds / 100);

    /// <summary>Row <paramref name="index"/>: a view valid until the lease is disposed.</summary>
    public T this[int index]
    {
        get
        {
            var slot = HeldSlot();
            var count = slot.Count;
            if ((uint)index >= (uint)count)
            {
                ThrowIfReleased(slot);
                throw new ArgumentOutOfRangeException(nameof(index), index, $"The sample has {count} messages.");
            }
            var view = T.CreateView(slot.Columns, index);
            // Checked again after the view captured the columns' generation: had the lease been
            // released in between, the view could hold the next message's generation.
            ThrowIfReleased(slot);
            return view;
        }
    }

    /// <summary>The only message of a one-row sample (what <c>Send(value)</c> and a one-row loan produce).</summary>
    public T Message
    {
        get
        {
            var count = Count;
            if (count != 1)
                throw new InvalidOperationException($"Sample {Sequence} holds {count} messages, not one; index them.");
            return this[0];
        }
    }

    /// <summary>Releases the sample and returns its slot to the pool; later calls (on this lease or a copy) do nothing.</summary>
    public void Dispose() => _slot?.Release(_generation);

    /// <summary>
    /// Reads from the slot, then checks the lease still holds it: a value read while a release
    /// raced the read may belong to the next sample, and is then thrown away. (A static lambda is
    /// cached, so this allocates nothing.)
    /// </summary>
    private TValue Read<TValue>(Func<LeaseSlot<T>, TValue> read)
    {
        var slot = HeldSlot();
        var value = read(slot);
        ThrowIfReleased(slot);
        return value;
    }

    private LeaseSlot<T> HeldSlot()
    {
        var slot = _slot;
        if (slot is null || !slot.IsLeased(_generation))
            throw Released();
        return slot;
    }

    private void ThrowIfReleased(LeaseSlot<T> slot)
    {
        if (!slot.IsStillLeased(_generation))
            throw Released();
    }

    private static ObjectDisposedException Released() =>
        new(nameof(MessageLease<T>), "The message was released; copy what you need with ToValue() before disposing its lease.");
}
