using System.Collections;
using Quiver.Arrow.CData;
using Quiver.Messages;
using Quiver.Transport;

namespace Quiver;

/// <summary>
/// One received sample of a typed topic: a batch of <see cref="Count"/> messages read in place in
/// the publisher's shared memory (row <c>i</c> is <c>messages[i]</c>, <see cref="Message"/> for the
/// usual single row). Disposing releases the sample (a drop token goes back once nothing else
/// holds it); every view then throws <see cref="ObjectDisposedException"/>.
/// </summary>
public sealed class ReceivedMessages<T> : IReadOnlyList<T>, IDisposable where T : IMessage<T>
{
    private readonly ReceivedSample _sample;

    internal ReceivedMessages(ReceivedSample sample, MessageBatch<T> batch)
    {
        _sample = sample;
        Batch = batch;
    }

    /// <summary>The typed batch; it owns the sample, so disposing either releases it.</summary>
    public MessageBatch<T> Batch { get; }

    public ulong Sequence => _sample.Sequence;

    /// <summary>When the publisher sent it: nanoseconds since the Unix epoch (its wall clock).</summary>
    public long TimestampNanoseconds => _sample.TimestampNanoseconds;

    public DateTimeOffset Timestamp => _sample.Timestamp;

    /// <summary>The whole IPC record batch message in shared memory.</summary>
    public ReadOnlyMemory<byte> Memory => _sample.Memory;

    public int Count => Batch.Count;

    public T this[int index] => Batch[index];

    /// <summary>The only message of a one-row batch (what <c>Send(value)</c> and a one-row loan produce).</summary>
    public T Message
    {
        get
        {
            int count = Batch.Count;
            if (count != 1)
                throw new InvalidOperationException($"Sample {Sequence} holds {count} messages, not one; index them.");
            return Batch[0];
        }
    }

    /// <summary>
    /// Exports the batch through the C Data Interface without copying. The sample stays held until
    /// the consumer calls release, even if this object is disposed first.
    /// </summary>
    public unsafe void Export(CArrowArray* output)
    {
        var lease = _sample.Retain();
        try
        {
            MessageCData.ExportBatch(Batch, output, onReleased: lease);
        }
        catch
        {
            lease.Dispose();
            throw;
        }
    }

    /// <summary>An extra reference that keeps the sample (and views over it) valid until disposed.</summary>
    public IDisposable Retain() => _sample.Retain();

    public IEnumerator<T> GetEnumerator() => Batch.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public void Dispose() => Batch.Dispose();
}
