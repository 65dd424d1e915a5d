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

    ValueTask SendAsync(string subject, OutgoingChunk chunk, CancellationToken cancellationToken);
}

internal sealed class CoreChunkSink(NatsConnection nats, int maxChunkBytes) : IChunkSink
{
    // The server may have changed on a reconnect: its limit is read for every message.
    public int Limit => Math.Min(maxChunkBytes, nats.ServerInfo?.MaxPayload is > 0 and var max ? max : int.MaxValue);

    // Core NATS confirms nothing, so there is nothing to try again.
    public long Retries => 0;

    public ValueTask SendAsync(string subject, OutgoingChunk chunk, CancellationToken cancellationToken) =>
        nats.PublishAsync(subject, chunk, serializer: OutgoingChunkSerializer.Instance, cancellationToken: cancellationToken);
}

/// <summary>
/// Publishes each chunk to the topic's stream and waits for the stream to store it, trying again
/// (for as long as the exporter runs) when the cluster does not answer, e.g. while a node fails
/// over. Every try carries the same Nats-Msg-Id (exporter id, message id, chunk index, kind), so
/// a chunk stored by a try whose answer was lost is not stored twice.
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

    public async ValueTask SendAsync(string subject, OutgoingChunk chunk, CancellationToken cancellationToken)
    {
        var header = chunk.Header;
        var id = new NatsJSPubOpts { MsgId = $"{header.ExporterId:x16}-{header.MessageId}-{header.Index}-{(byte)header.Kind}" };
        while (true)
        {
            // An answer lost in a failover can leave a publication waiting for good: each try has a deadline of its own.
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            attempt.CancelAfter(AttemptTimeout);
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
