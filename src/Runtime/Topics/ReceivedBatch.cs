using Quiver.Arrow;
using Quiver.Transport;

namespace Quiver;

/// <summary>
/// One sample of a topic received without a generated type (<see cref="UntypedSubscriber"/>): a
/// record batch of the schema the publisher announced, read in place in its shared memory.
/// Disposing releases the sample once nothing else holds it (<see cref="Retain"/>, an
/// Apache.Arrow batch made from it); the batch's arrays must not be used after that.
/// </summary>
public sealed class ReceivedBatch : IDisposable
{
    private readonly ReceivedSample _sample;

    internal ReceivedBatch(ReceivedSample sample, RecordBatch batch)
    {
        _sample = sample;
        Batch = batch;
    }

    /// <summary>The columns, over the sample's memory; it owns the sample, so disposing either releases it.</summary>
    public RecordBatch Batch { get; }

    public ulong Sequence => _sample.Sequence;

    /// <summary>When the publisher sent it: nanoseconds since the Unix epoch (its wall clock).</summary>
    public long TimestampNanoseconds => _sample.TimestampNanoseconds;

    /// <summary>The whole IPC record batch message in shared memory.</summary>
    public ReadOnlyMemory<byte> Memory => _sample.Memory;

    /// <summary>An extra reference that keeps the sample valid until disposed.</summary>
    public IDisposable Retain() => _sample.Retain();

    public void Dispose() => Batch.Dispose();
}
