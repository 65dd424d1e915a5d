using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Quiver.Arrow;
using Quiver.Arrow.Ipc;
using Quiver.Messages;
using Quiver.Transport;

namespace Quiver;

/// <summary>
/// Receives messages of <typeparamref name="T"/>: every sample is read as a record batch of
/// <c>T.Schema</c> straight over the read-only mapping (no byte copied); from a publisher whose
/// schema is compatible but not identical (docs/schema-language.md, "Schema evolution"), as a
/// record batch of the publisher's schema, which the views read through a column map.
/// A sample that is not a valid record batch message of <typeparamref name="T"/> means the
/// publisher is broken or hostile: the sample is released, the reason logged, the subscriber
/// disconnects, and this and every later receive throws the <see cref="ArrowFormatException"/>
/// (<see cref="Fault"/>). Messages handed out before stay valid.
/// Two ways to receive: <see cref="Receive"/>, <see cref="TryReceive"/> and <see cref="ReadAllAsync"/>
/// hand out <see cref="ReceivedMessages{T}"/> objects (a few kilobytes of objects per sample, a
/// finalizer as safety net, C Data export); <see cref="TryTake"/> hands out a
/// <see cref="MessageLease{T}"/> decoded into a pooled slot, which allocates nothing per sample.
/// </summary>
public sealed class Subscriber<T> : IDisposable, IAsyncDisposable where T : IMessage<T>
{
    private readonly TransportLog _log;
    private readonly LeasePool<T> _leases;

    /// <summary>The schema samples are read in: <c>T.Schema</c>, or the publisher's when it is compatible but not identical.</summary>
    private readonly Schema _readSchema;

    /// <summary>How views find their columns in a compatible publisher's batches; null when they are read as <c>T.Schema</c>.</summary>
    private readonly ColumnMap? _evolution;
    private volatile ArrowFormatException? _fault;
    private int _disposed;

    internal Subscriber(Subscriber transport, TransportLog? log)
    {
        Transport = transport;
        _log = TransportLogDefaults.Resolve(log);
        if (transport.SchemaEvolution is { Verdict: SchemaVerdict.Compatible, Map: { } map })
            _evolution = map;
        _readSchema = _evolution?.Publisher ?? T.Schema;
        _leases = new LeasePool<T>(transport, _readSchema, _evolution);
    }

    /// <summary>The raw-sample subscriber underneath.</summary>
    public Subscriber Transport { get; }

    public string Topic => Transport.Topic;

    /// <summary>Set once a sample from the publisher was refused (then the subscriber has disconnected).</summary>
    public ArrowFormatException? Fault => _fault;

    /// <summary>True once the stream has ended and every received sample has been taken.</summary>
    public bool IsCompleted => Transport.IsCompleted;

    /// <summary>
    /// The next sample's messages, waiting up to <paramref name="timeout"/>; null once the stream
    /// has ended. Throws <see cref="TimeoutException"/> if nothing arrived in time.
    /// </summary>
    public ReceivedMessages<T>? Receive(TimeSpan timeout)
    {
        ThrowIfFaulted();
        return Transport.Receive(timeout) is { } sample ? Read(sample) : null;
    }

    /// <summary>The next sample's messages if one is waiting, without blocking.</summary>
    public bool TryReceive([NotNullWhen(true)] out ReceivedMessages<T>? messages)
    {
        ThrowIfFaulted();
        messages = Transport.TryReceive(out var sample) ? Read(sample) : null;
        return messages is not null;
    }

    /// <summary>Every sample's messages until the stream ends.</summary>
    public async IAsyncEnumerable<ReceivedMessages<T>> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ThrowIfFaulted();
        await foreach (var sample in Transport.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            yield return Read(sample);
    }

    /// <summary>
    /// The next sample's messages as a lease over a pooled slot, waiting up to
    /// <paramref name="timeout"/>: no object is allocated for it once the pool has as many slots as
    /// leases are held at once (at most the publisher's queue depth). False when nothing arrived in
    /// time or the stream has ended (<see cref="IsCompleted"/> tells which). Dispose the lease as
    /// soon as you are done: its sample stays held until then (there is no finalizer for a struct),
    /// or until this subscriber is disposed.
    /// </summary>
    public bool TryTake(out MessageLease<T> lease, TimeSpan timeout)
    {
        ThrowIfFaulted();
        lease = default;
        if (Transport.TryTake(timeout, out var sample) != SampleTake.Sample)
            return false;
        var slot = _leases.Rent();
        try
        {
            slot.Read(sample);
        }
        catch (ArrowFormatException e)
        {
            _leases.Return(slot);
            Transport.Release(sample);
            throw Refuse(sample.Sequence, e);
        }
        lease = new MessageLease<T>(slot, slot.Lease(sample));
        // A Dispose racing this take either saw the lease (and released it) or is seen here:
        // both sides write, then read the other's flag, with full fences.
        if (Volatile.Read(ref _disposed) != 0)
        {
            lease.Dispose();
            lease = default;
            return false;
        }
        return true;
    }

    private ReceivedMessages<T> Read(ReceivedSample sample)
    {
        MessageBatch<T> batch;
        try
        {
            // The sample owns the batch's memory: disposing the batch releases the sample.
            var read = IpcMessageReader.ReadRecordBatch(_readSchema, sample.Memory, owner: sample);
            batch = _evolution is null ? new MessageBatch<T>(read) : new MessageBatch<T>(read, _evolution);
        }
        catch (ArrowFormatException e)
        {
            sample.Dispose();
            throw Refuse(sample.Sequence, e);
        }
        return new ReceivedMessages<T>(sample, batch);
    }

    /// <summary>A sample that is not a valid message of <typeparamref name="T"/>: faults this subscriber and disconnects it.</summary>
    private ArrowFormatException Refuse(ulong sequence, ArrowFormatException e)
    {
        var fault = new ArrowFormatException(
            $"Topic '{Topic}': sample {sequence} from publisher pid {Transport.PublisherProcessId} is not a valid {T.MessageTypeName} message: {e.Message}", e);
        _fault = fault;
        _log(TransportLogLevel.Warning, $"{fault.Message} Disconnecting.");
        Transport.Dispose();
        return fault;
    }

    private void ThrowIfFaulted()
    {
        if (_fault is { } fault)
            throw fault;
    }

    /// <summary>
    /// Leaves the topic. Samples held by leases are released (their leases and views throw from
    /// now on); <see cref="ReceivedMessages{T}"/> already handed out stay valid until disposed.
    /// </summary>
    public void Dispose()
    {
        Interlocked.Exchange(ref _disposed, 1);
        _leases.ReleaseAll();
        Transport.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
