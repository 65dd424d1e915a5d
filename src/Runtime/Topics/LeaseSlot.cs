using Quiver.Arrow.Ipc;
using Quiver.Messages;
using Quiver.Transport;

namespace Quiver;

/// <summary>
/// One pooled decode target of a <see cref="Subscriber{T}"/>: a reusable record batch reader and
/// the <see cref="MessageColumns"/> over it, bound to one sample while a <see cref="MessageLease{T}"/>
/// holds it. A lease is the slot plus the columns' generation at binding; releasing moves the
/// generation on before anything is unbound, so the lease, its copies and every view made from
/// them throw from then on, even once the slot holds the next sample.
/// </summary>
internal sealed class LeaseSlot<T> : PooledLeaseSlot where T : IMessage<T>
{
    private readonly LeasePool<T> _pool;
    private readonly ReusableRecordBatchReader _reader;
    private MessageColumns? _columns;
    private SampleHandle _sample;

    public LeaseSlot(LeasePool<T> pool)
    {
        _pool = pool;
        _reader = new ReusableRecordBatchReader(pool.ReadSchema);
    }

    /// <summary>The columns of the bound sample; only read through a lease that checked <see cref="IsLeased"/>.</summary>
    public MessageColumns Columns => _columns!;

    public int Count { get; private set; }
    public ulong Sequence => _sample.Sequence;
    public long TimestampNanoseconds => _sample.TimestampNanoseconds;

    /// <summary>Decodes and validates <paramref name="sample"/> into this free slot; throws <see cref="Arrow.ArrowFormatException"/> for a bad one (the slot stays free and unbound).</summary>
    public void Read(in SampleHandle sample) => _reader.Read(sample.Memory);

    /// <summary>Hands the slot, read from <paramref name="sample"/>, to a lease; returns the lease's generation.</summary>
    public long Lease(in SampleHandle sample)
    {
        // Made after the first successful read: the reader's batch does not exist for readers before.
        _columns ??= MessageColumns.Of(_reader.Batch, _pool.Evolution);
        Count = _reader.Batch.Length;
        _sample = sample;
        var generation = _columns.Generation;
        HandTo(generation);
        return generation;
    }

    protected override void Released()
    {
        // Views first, memory after: no view can read between the release and the next message.
        _columns!.Release();
        _reader.Release();
        var sample = _sample;
        _sample = default;
        _pool.Transport.Release(sample);
        _pool.Return(this);
    }
}
