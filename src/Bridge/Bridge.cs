using System.Collections.Concurrent;
using NATS.Client.Core;
using Quiver.Transport;

namespace Quiver.Bridge;

/// <summary>
/// Carries topics between this host's runtime directory and a NATS cluster (docs/bridge.md):
/// exported topics are read locally and published to the cluster, imported ones are taken from
/// the cluster and republished locally under the exporter's contract. Host it in an app with
/// <see cref="StartAsync"/> and dispose it to stop; <c>quiver bridge</c> is the same as a command.
/// </summary>
public sealed class Bridge : IAsyncDisposable
{
    private static readonly TimeSpan ServerErrorGrace = TimeSpan.FromMilliseconds(500);
    private readonly NatsConnection _nats;
    private readonly List<Exporter> _exporters;
    private readonly List<Importer> _importers;
    private long _connections;

    private Bridge(NatsConnection nats, List<Exporter> exporters, List<Importer> importers)
    {
        _nats = nats;
        _exporters = exporters;
        _importers = importers;
    }

    /// <summary>
    /// Connects to the cluster and starts every exporter and importer. Throws
    /// <see cref="BridgeException"/> when the cluster cannot be reached, refuses the credentials or
    /// a subject, or an imported topic already has a local publisher.
    /// </summary>
    public static async Task<Bridge> StartAsync(BridgeOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var log = TransportLogDefaults.Resolve(options.Log);
        foreach (var topic in options.Import)
            RefuseOwnedTopic(topic);
        var nats = new NatsConnection(new NatsOpts
        {
            Url = options.NatsUrl,
            Name = "quiver-bridge",
            AuthOpts = options.Auth,
            TlsOpts = options.Tls,
            ConnectTimeout = options.ConnectTimeout,
            MaxReconnectRetry = -1,
            ReconnectWaitMin = TimeSpan.FromMilliseconds(100),
            ReconnectWaitMax = TimeSpan.FromSeconds(1),
        });
        var serverErrors = new ConcurrentQueue<string>();
        var refused = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var subjects = new SubjectMapping(options.Prefix);
        var exporters = options.Export.Select(topic => new Exporter(topic, nats, subjects, options, log)).ToList();
        var importers = options.Import.Select(topic => new Importer(topic, nats, subjects, options, log)).ToList();
        var bridge = new Bridge(nats, exporters, importers);
        nats.ServerError += (_, e) =>
        {
            serverErrors.Enqueue(e.Error);
            if (e.Error.Contains("permission", StringComparison.OrdinalIgnoreCase))
                refused.TrySetResult(e.Error);
            log(TransportLogLevel.Error, $"Bridge: the NATS server says: {e.Error}");
            return ValueTask.CompletedTask;
        };
        nats.ConnectionDisconnected += (_, e) =>
        {
            log(TransportLogLevel.Warning, $"Bridge: disconnected from NATS ({e.Message}); reconnecting.");
            return ValueTask.CompletedTask;
        };
        nats.ConnectionOpened += (_, _) =>
        {
            if (Interlocked.Increment(ref bridge._connections) > 1)
                log(TransportLogLevel.Information, $"Bridge: reconnected to NATS at {nats.ServerInfo?.Host}:{nats.ServerInfo?.Port}.");
            return ValueTask.CompletedTask;
        };
        try
        {
            await ConnectAsync(nats, options);
            NatsException? failure = null;
            try
            {
                foreach (var exporter in exporters)
                    await exporter.StartAsync(cancellationToken);
                foreach (var importer in importers)
                    await importer.StartAsync(cancellationToken);
                // The server answers a ping after it has dealt with everything sent before it, so
                // any refused subscription or publication has been sent back by then.
                await nats.PingAsync(cancellationToken);
            }
            catch (NatsException e)
            {
                failure = e;
            }
            // NATS.Net reports server errors through an event queue that may lag the ping's answer.
            if (await Task.WhenAny(refused.Task, Task.Delay(ServerErrorGrace, cancellationToken)) == refused.Task)
                throw new BridgeException($"The NATS user{UserOf(options)} may not use the bridge's subjects (quiver.{options.Prefix}.* and quiver-schema.{options.Prefix}.*): the server said \"{refused.Task.Result}\". Grant publish and subscribe on them (docs/bridge.md, \"Permissions\").");
            if (failure is not null)
                throw new BridgeException($"NATS at {options.NatsUrl} refused to start the bridge: {failure.Message}{string.Concat(serverErrors.Select(error => $" (the server said \"{error}\")"))}", failure);
            return bridge;
        }
        catch
        {
            await bridge.DisposeAsync();
            throw;
        }
    }

    private static async Task ConnectAsync(NatsConnection nats, BridgeOptions options)
    {
        try
        {
            await nats.ConnectAsync();
        }
        catch (NatsException e)
        {
            throw new BridgeException($"Cannot connect to NATS at {options.NatsUrl}{UserOf(options)}: {e.Message}{(e.InnerException is { } inner ? $" ({inner.Message})" : "")}", e);
        }
    }

    private static string UserOf(BridgeOptions options) => string.IsNullOrEmpty(options.Auth.Username) ? "" : $" '{options.Auth.Username}'";

    /// <summary>An imported topic is this bridge's to publish: a live local publisher of it means a misconfiguration.</summary>
    private static void RefuseOwnedTopic(string topic)
    {
        Subscriber owner;
        try
        {
            owner = Subscriber.ConnectToAnyType(topic);
        }
        catch (TopicUnavailableException)
        {
            return;
        }
        using (owner)
        {
            throw new BridgeException($"Refusing to import topic '{topic}': its local socket belongs to a live publisher (pid {owner.PublisherProcessId}, {owner.PublisherMessageType}). A bridge only imports topics no process on this host publishes.");
        }
    }

    /// <summary>Reliable mode: the durable consumer this bridge's importers read their streams through (one per stream, all of this name).</summary>
    public string? ConsumerName => _importers.FirstOrDefault()?.ConsumerName;

    public BridgeStats GetStats() => new(
        _exporters.Select(e => e.Stats).Concat(_importers.Select(i => i.Stats)).ToList(),
        Math.Max(0, Interlocked.Read(ref _connections) - 1));

    /// <summary>Stops exporting (importers are told the streams end) and importing (local publishers leave), then disconnects.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var exporter in _exporters)
            await exporter.DisposeAsync();
        foreach (var importer in _importers)
            await importer.DisposeAsync();
        await _nats.DisposeAsync();
    }
}
