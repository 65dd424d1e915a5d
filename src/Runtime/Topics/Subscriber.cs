using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Quiver.Arrow;
using Quiver.Arrow.Ipc;
using Quiver.Messages;
using Quiver.Transport;

namespace Quiver;

/// <summary>
/// Receives messages of <typeparamref name="T"/>: every sample is read as a record batch of
/// <c>T.Schema</c> straight over the read-only mapping (no byte copied).
/// A sample that is not a valid record batch message of <typeparamref name="T"/> means the
/// publisher is broken or hostile: the sample is released, the reason logged, the subscriber
/// disconnects, and this and every later receive throws the <see cref="ArrowFormatException"/>
/// (<see cref="Fault"/>). Messages handed out before stay valid.
/// </summary>
public sealed class Subscriber<T> : IDisposable, IAsyncDisposable where T : IMessage<T>
{
    private readonly TransportLog _log;
    private volatile ArrowFormatException? _fault;

    internal Subscriber(Subscriber transport, TransportLog? log)
    {
        Transport = transport;
        _log = TransportLogDefaults.Resolve(log);
    }

    /// <summary>The raw-sample subscriber underneath.</summary>
    public Subscriber Transport { get; }

    public string Topic => Transport.Topic;

    /// <summary>Set once a sample from the publisher was refused (then the subscriber has disconnected).</summary>
    public ArrowFormatException? Fault => _fault;

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

    private ReceivedMessages<T> Read(ReceivedSample sample)
    {
        MessageBatch<T> batch;
        try
        {
            // The sample owns the batch's memory: disposing the batch releases the sample.
            batch = new MessageBatch<T>(IpcMessageReader.ReadRecordBatch(T.Schema, sample.Memory, owner: sample));
        }
        catch (ArrowFormatException e)
        {
            sample.Dispose();
            var fault = new ArrowFormatException(
                $"Topic '{Topic}': sample {sample.Sequence} from publisher pid {Transport.PublisherProcessId} is not a valid {T.MessageTypeName} message: {e.Message}", e);
            _fault = fault;
            _log(TransportLogLevel.Warning, $"{fault.Message} Disconnecting.");
            Transport.Dispose();
            throw fault;
        }
        return new ReceivedMessages<T>(sample, batch);
    }

    private void ThrowIfFaulted()
    {
        if (_fault is { } fault)
            throw fault;
    }

    public void Dispose() => Transport.Dispose();

    public ValueTask DisposeAsync() => Transport.DisposeAsync();
}
