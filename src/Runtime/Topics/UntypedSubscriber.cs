using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Quiver.Arrow;
using Quiver.Arrow.Ipc;
using Quiver.Transport;

namespace Quiver;

/// <summary>
/// Receives every sample of a topic, whatever message type it carries, as a record batch of the
/// schema its publisher announced (<see cref="Schema"/>): what tools such as an echo or a recorder
/// need. Samples are read in place, as by <see cref="Subscriber{T}"/>, and refused the same way: a
/// sample that is not a valid record batch of the schema faults the subscriber, which disconnects.
/// </summary>
public sealed class UntypedSubscriber : IDisposable, IAsyncDisposable
{
    private readonly TransportLog _log;
    private volatile ArrowFormatException? _fault;

    private UntypedSubscriber(Subscriber transport, Schema schema, TransportLog? log)
    {
        Transport = transport;
        Schema = schema;
        _log = TransportLogDefaults.Resolve(log);
    }

    internal static UntypedSubscriber Connect(string topic, SubscriberOptions? options)
    {
        var transport = Subscriber.ConnectToAnyType(topic, options);
        try
        {
            return new UntypedSubscriber(transport, IpcMessageReader.ReadSchema(transport.PublisherSchema), options?.Log);
        }
        catch (ArrowFormatException e)
        {
            transport.Dispose();
            throw new TopicUnavailableException(
                $"Topic '{topic}' carries '{transport.PublisherMessageType}', whose announced schema is not a readable Arrow schema: {e.Message}", e);
        }
    }

    /// <summary>The raw-sample subscriber underneath.</summary>
    public Subscriber Transport { get; }

    public string Topic => Transport.Topic;

    /// <summary>The message type the publisher named in its handshake (e.g. <c>vision.Image</c>).</summary>
    public string MessageType => Transport.PublisherMessageType;

    /// <summary>The publisher's schema: every batch received has it.</summary>
    public Schema Schema { get; }

    /// <summary>Set once a sample from the publisher was refused (then the subscriber has disconnected).</summary>
    public ArrowFormatException? Fault => _fault;

    public bool IsCompleted => Transport.IsCompleted;

    /// <summary>The next sample, waiting up to <paramref name="timeout"/>; null once the stream has ended. Throws <see cref="TimeoutException"/> if nothing arrived in time.</summary>
    public ReceivedBatch? Receive(TimeSpan timeout)
    {
        ThrowIfFaulted();
        return Transport.Receive(timeout) is { } sample ? Read(sample) : null;
    }

    public bool TryReceive([NotNullWhen(true)] out ReceivedBatch? batch)
    {
        ThrowIfFaulted();
        batch = Transport.TryReceive(out var sample) ? Read(sample) : null;
        return batch is not null;
    }

    /// <summary>Every sample until the stream ends.</summary>
    public async IAsyncEnumerable<ReceivedBatch> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ThrowIfFaulted();
        await foreach (var sample in Transport.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            yield return Read(sample);
    }

    private ReceivedBatch Read(ReceivedSample sample)
    {
        try
        {
            return new ReceivedBatch(sample, IpcMessageReader.ReadRecordBatch(Schema, sample.Memory, owner: sample));
        }
        catch (ArrowFormatException e)
        {
            sample.Dispose();
            var fault = new ArrowFormatException(
                $"Topic '{Topic}': sample {sample.Sequence} from publisher pid {Transport.PublisherProcessId} is not a valid {MessageType} record batch: {e.Message}", e);
            _fault = fault;
            _log(TransportLogLevel.Warning, $"{fault.Message} Disconnecting.");
            Transport.Dispose();
            throw fault;
        }
    }

    private void ThrowIfFaulted()
    {
        if (_fault is { } fault)
            throw fault;
    }

    /// <summary>Leaves the topic; batches already received stay valid until disposed.</summary>
    public void Dispose() => Transport.Dispose();

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
