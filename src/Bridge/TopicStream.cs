using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace Quiver.Bridge;

/// <summary>The JetStream stream that carries one topic in reliable mode: made or updated by its exporter, made by an importer that comes first.</summary>
internal static class TopicStream
{
    public static StreamConfig Config(string name, string dataSubject, ReliableOptions reliable, int maxChunkBytes) => new(name, [dataSubject])
    {
        Storage = StreamConfigStorage.File,
        Retention = StreamConfigRetention.Limits,
        Discard = StreamConfigDiscard.Old,
        MaxAge = reliable.MaxAge,
        MaxBytes = reliable.MaxBytes,
        MaxMsgSize = maxChunkBytes,
        NumReplicas = reliable.Replicas,
    };

    /// <summary>The exporter's settings win: it creates the stream or updates its retention and replicas.</summary>
    public static Task ExportAsync(NatsJSContext js, StreamConfig config, string url, CancellationToken cancellationToken) =>
        Explained(() => js.CreateOrUpdateStreamAsync(config, cancellationToken).AsTask(), config, url);

    /// <summary>An importer uses the stream as it is, and makes it (with its own settings) only when no exporter did yet.</summary>
    public static Task ImportAsync(NatsJSContext js, StreamConfig config, string url, CancellationToken cancellationToken) =>
        Explained(async () =>
        {
            try
            {
                await js.GetStreamAsync(config.Name!, cancellationToken: cancellationToken);
            }
            catch (NatsJSApiException e) when (e.Error.Code == 404)
            {
                await js.CreateStreamAsync(config, cancellationToken);
            }
        }, config, url);

    private static async Task Explained(Func<Task> call, StreamConfig config, string url)
    {
        try
        {
            await call();
        }
        catch (Exception e) when (e is NatsNoRespondersException or NatsJSApiNoResponseException or NatsNoReplyException)
        {
            throw new BridgeException($"Reliable mode needs JetStream, and NATS at {url} does not answer JetStream requests ({e.Message}). Enable it on every server (nats-server -js, or jetstream {{ store_dir: ... }} in its configuration), or run the bridge without --reliable.", e);
        }
        catch (NatsJSApiException e)
        {
            throw new BridgeException($"NATS at {url} refused JetStream stream '{config.Name}' ({config.NumReplicas} replicas, max age {config.MaxAge}, max bytes {config.MaxBytes}): {e.Error.Description} (JetStream error {e.Error.ErrCode}). A cluster needs at least as many JetStream servers as --replicas.", e);
        }
    }
}
