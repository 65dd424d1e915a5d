using NATS.Client.Core;
using NATS.Client.JetStream;
using Quiver.Transport;

namespace Quiver.Bridge;

/// <summary>Where an exporter's chunks go: core NATS (sent once, at most once) or a JetStream stream (stored, acknowledged).</summary>
internal interface IChunkSink
{
    /// <summary>Largest NATS message the cluster takes now, header included.</summary>
    int Limit { get; }

    /// <summary>Tries after the first, over all chunks: a chunk whose storing was not confirmed is sent again.</summary>
    long Retries { get; }

    /// <summary>How many chunks of one message may be on their way at once (<see cref="ChunkPipeline"/>).</summary>
    int Window { get; }

    /// <summary>
    /// Sends one chunk; <paramref name="ahead"/> chunks sent before it are still on their way, and
    /// the network carries them first.
    /// </summary>
    ValueTask SendAsync(string subject, OutgoingChunk chunk, int ahead, CancellationToken cancellationToken);
}

internal sealed class CoreChunkSink(NatsConnection nats, int maxChunkBytes) : IChunkSink
{
    // The server may have changed on a reconnect: its limit is read for every message.
    public int Limit => Math.Min(maxChunkBytes, nats.ServerInfo?.MaxPayload is > 0 and var max ? max : int.MaxValue);

    // Core NATS confirms nothing, so there is nothing to try again.
    public long Retries => 0;

    // A publication returns once the chunk is in the client's buffer: the next one follows at once anyway.
    public int Window => 1;

    public ValueTask SendAsync(string subject, OutgoingChunk chunk, int ahead, CancellationToken cancellationToken) =>
        nats.PublishAsync(subject, chunk, serializer: OutgoingChunkSerializer.Instance, cancellationToken: cancellationToken);
}

/// <summary>
/// Publishes each chunk to the topic's stream and waits for the stream to store it, trying again
/// (for as long as the exporter runs) when the cluster does not answer, e.g. while a node fails
/// over. Every try carries the same Nats-Msg-Id (exporter id, message id, chunk index, kind), so
/// a chunk stored by a try whose answer was lost is not stored twice. Up to <see cref="Window"/>
/// chunks of a message wait for their confirmation at once: one round trip to the stream per
/// chunk, one after the other, was what made a large message slow (17 of them for 16 MiB in 1 MiB
/// chunks). A chunk sent again may then be stored after later chunks of its message, which the
/// importer places by index (<see cref="Reassembler"/>).
/// </summary>
internal sealed class JetStreamChunkSink(NatsConnection nats, NatsJSContext js, int maxChunkBytes, string topic, TransportLog log) : IChunkSink
{
    private static readonly TimeSpan RetryWait = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(2);
    private readonly CoreChunkSink _core = new(nats, maxChunkBytes);

    private long _retries;

    public int Limit => _core.Limit;

    // Read by the stats while the sender counts.
    public long Retries => Interlocked.Read(ref _retries);

    public int Window => 4;

    public async ValueTask SendAsync(string subject, OutgoingChunk chunk, int ahead, CancellationToken cancellationToken)
    {
        var header = chunk.Header;
        var id = new NatsJSPubOpts { MsgId = $"{header.ExporterId:x16}-{header.MessageId}-{header.Index}-{(byte)header.Kind}" };
        // The first try also waits for the chunks ahead of it to be stored: each of them is given
        // the deadline a chunk sent alone has, so a window over a slow link does not time out
        // chunks that are merely queued.
        var deadline = AttemptTimeout * (1 + ahead);
        while (true)
        {
            // An answer lost in a failover can leave a publication waiting for good: each try has a deadline of its own.
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            attempt.CancelAfter(deadline);
            deadline = AttemptTimeout;
            try
            {
                var ack = await js.PublishAsync(subject, chunk, OutgoingChunkSerializer.Instance, id, cancellationToken: attempt.Token);
                // A duplicate is a chunk an earlier try stored: done.
                if (!ack.Duplicate)
                    ack.EnsureSuccess();
                return;
            }
            catch (Exception e) when (e is NatsException or OperationCanceledException && e is not NatsJSApiException { Error.Code: 400 } && !cancellationToken.IsCancellationRequested)
            {
                if (Interlocked.Increment(ref _retries) % 50 == 1)
                    log(TransportLogLevel.Warning, $"Bridge: topic '{topic}': the stream did not store a chunk ({e.Message}); trying again.");
                await Task.Delay(RetryWait, cancellationToken);
            }
        }
    }
}
