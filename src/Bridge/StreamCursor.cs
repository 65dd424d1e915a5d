using System.Runtime.CompilerServices;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using Quiver.Transport;

namespace Quiver.Bridge;

/// <summary>
/// Reads a topic's stream in order, each stored message once, through the importer's durable
/// consumer. JetStream redelivers what it thinks unacknowledged and may lose a delivery in a node
/// failover, so the cursor keeps the next stream sequence it wants: earlier sequences (redeliveries
/// of what was read) are acknowledged and skipped, and a later one (a delivery lost on the way)
/// makes it make the consumer again from the sequence it wants. It does the same on start, from
/// just after the consumer's acknowledged floor, so that a restarted importer goes on exactly
/// where the last one's acknowledgements end instead of waiting for redeliveries.
/// </summary>
internal sealed class StreamCursor(NatsJSContext js, string stream, string consumerName, ReliableOptions reliable, TransportLog log, string topic)
{
    private static readonly TimeSpan PullExpiry = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan PullHeartbeat = TimeSpan.FromMilliseconds(500);
    private ulong _next;
    private INatsJSConsumer? _consumer;
    // After the consumer is made anew the first sequence may lie beyond the wanted one: those messages aged out of the stream.
    private bool _jumpAllowed = true;

    /// <summary>Resumes the durable consumer or makes it (from <see cref="ReliableOptions.Since"/>, or for new messages): from here on nothing stored is missed.</summary>
    public async Task OpenAsync(CancellationToken cancellationToken) => _consumer = await ResumeOrCreateAsync(cancellationToken);

    /// <summary>After a failed read: the next read resumes the consumer after its acknowledged floor (re-reading what was not acknowledged).</summary>
    public void ResumeFromAcknowledged() => _consumer = null;

    /// <summary>The stored messages in order, each once, from where <see cref="OpenAsync"/> (or an earlier read) left off.</summary>
    public async IAsyncEnumerable<INatsJSMsg<NatsMemoryOwner<byte>>> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var consumer = _consumer ??= await ResumeOrCreateAsync(cancellationToken);
        // Short pulls with frequent heartbeats: after a node failover a pull the old consumer leader held is noticed as lost within a second or two, not after the 30 s default.
        var consume = new NatsJSConsumeOpts { MaxMsgs = reliable.ImportInFlight, Expires = PullExpiry, IdleHeartbeat = PullHeartbeat };
        while (!cancellationToken.IsCancellationRequested)
        {
            bool gap = false;
            await foreach (var message in consumer.ConsumeAsync(NatsRawSerializer<NatsMemoryOwner<byte>>.Default, consume, cancellationToken))
            {
                ulong sequence = message.Metadata?.Sequence.Stream ?? 0;
                if (sequence < _next)
                {
                    message.Data.Dispose();
                    await message.AckAsync(cancellationToken: cancellationToken);
                    continue;
                }
                if (sequence > _next && !_jumpAllowed)
                {
                    message.Data.Dispose();
                    gap = true;
                    break;
                }
                _jumpAllowed = false;
                _next = sequence + 1;
                yield return message;
            }
            if (gap)
            {
                log(TransportLogLevel.Information, $"Bridge: topic '{topic}': a stored message did not arrive; reading the stream again from sequence {_next}.");
                consumer = _consumer = await RecreateAsync(ConsumerConfigDeliverPolicy.ByStartSequence, _next, null, cancellationToken);
            }
        }
    }

    private async Task<INatsJSConsumer> ResumeOrCreateAsync(CancellationToken cancellationToken)
    {
        try
        {
            var existing = await js.GetConsumerAsync(stream, consumerName, cancellationToken);
            _next = existing.Info.AckFloor.StreamSeq + 1;
            log(TransportLogLevel.Information, $"Bridge: topic '{topic}': resuming consumer '{consumerName}' after stream sequence {_next - 1}.");
            return await RecreateAsync(ConsumerConfigDeliverPolicy.ByStartSequence, _next, null, cancellationToken);
        }
        catch (NatsJSApiException e) when (e.Error.Code == 404)
        {
            return reliable.Since is { } since
                ? await RecreateAsync(ConsumerConfigDeliverPolicy.ByStartTime, 0, since, cancellationToken)
                : await RecreateAsync(ConsumerConfigDeliverPolicy.New, 0, null, cancellationToken);
        }
    }

    private async Task<INatsJSConsumer> RecreateAsync(ConsumerConfigDeliverPolicy policy, ulong startSequence, DateTimeOffset? startTime, CancellationToken cancellationToken)
    {
        try
        {
            await js.DeleteConsumerAsync(stream, consumerName, cancellationToken);
        }
        catch (NatsJSApiException e) when (e.Error.Code == 404)
        {
        }
        _jumpAllowed = true;
        var config = new ConsumerConfig(consumerName)
        {
            DeliverPolicy = policy,
            OptStartSeq = startSequence,
            AckPolicy = ConsumerConfigAckPolicy.Explicit,
            MaxAckPending = reliable.ImportInFlight,
            // A host gone for longer than messages are kept has nothing left to resume.
            InactiveThreshold = reliable.MaxAge,
        };
        if (startTime is { } time)
            config.OptStartTime = time;
        return await js.CreateConsumerAsync(stream, config, cancellationToken);
    }
}
