namespace Quiver.Transport;

/// <summary>
/// One received sample from <see cref="Subscriber.TryTake(out SampleLease, TimeSpan)"/>: a
/// read-only view straight into the publisher's shared memory, held through a pooled slot of the
/// subscriber, so taking it allocates nothing (a <see cref="ReceivedSample"/> is an object with a
/// finalizer, which costs about as much to make as the rest of a receive). <see cref="Dispose"/>
/// releases the sample (its drop token goes back to the publisher) and is idempotent, also when
/// called on copies; every other member of the lease or of a copy throws
/// <see cref="ObjectDisposedException"/> from then on, even once the slot holds a later sample.
/// A span read before the release must not be used after it: the publisher reuses the memory.
/// A struct has no finalizer: a lease never disposed keeps its sample (and the publisher's
/// memory) until the subscriber is disposed, which releases everything.
/// </summary>
public readonly struct SampleLease : IDisposable
{
    private readonly SampleLeaseSlot? _slot;
    private readonly long _generation;

    internal SampleLease(SampleLeaseSlot slot, long generation)
    {
        _slot = slot;
        _generation = generation;
    }

    /// <summary>The pooled slot the lease holds (tests check that a slot is reused).</summary>
    internal object? Slot => _slot;

    /// <summary>True once disposed (by this lease, a copy, or the subscriber's dispose), and for a default lease.</summary>
    public bool IsReleased => _slot is null || !_slot.IsLeased(_generation);

    public ulong Sequence => Held().Sequence;

    /// <summary>When the publisher sent it: nanoseconds since the Unix epoch (its wall clock).</summary>
    public long TimestampNanoseconds => Held().TimestampNanoseconds;

    public DateTimeOffset Timestamp => DateTimeOffset.UnixEpoch.AddTicks(TimestampNanoseconds / 100);

    public int Length => Held().Length;

    /// <summary>The sample's bytes in shared memory, valid until the lease is disposed.</summary>
    public ReadOnlyMemory<byte> Memory => Held().Memory;

    /// <inheritdoc cref="Memory"/>
    public ReadOnlySpan<byte> Span => Memory.Span;

    /// <summary>Releases the sample and returns its slot to the pool; later calls (on this lease or a copy) do nothing.</summary>
    public void Dispose() => _slot?.Release(_generation);

    /// <summary>
    /// The slot's sample, checked after it was read: a release racing the read may have let the
    /// slot take the next sample, whose handle is then thrown away.
    /// </summary>
    private SampleHandle Held()
    {
        var slot = _slot;
        if (slot is null || !slot.IsLeased(_generation))
            throw Released();
        var sample = slot.Sample;
        if (!slot.IsStillLeased(_generation))
            throw Released();
        return sample;
    }

    private static ObjectDisposedException Released() =>
        new(nameof(SampleLease), "The sample was released; copy what you need before disposing its lease.");
}
