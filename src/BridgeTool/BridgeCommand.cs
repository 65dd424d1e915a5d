using System.CommandLine;
using NATS.Client.Core;
using Quiver.Bridge;

namespace Quiver.BridgeTool;

/// <summary>The command line of quiver-bridge (docs/bridge.md, "Commands"), turned into <see cref="BridgeOptions"/>.</summary>
internal sealed class BridgeCommand : RootCommand
{
    private readonly Option<string> _nats = new("--nats") { Description = "NATS servers, comma-separated (nats://host:4222,...).", Required = true };
    private readonly Option<string> _prefix = new("--prefix") { Description = "Subject token shared by the bridges of one fleet.", DefaultValueFactory = _ => "default" };
    private readonly Option<string[]> _export = new("--export") { Description = "Local topics to send to the cluster.", AllowMultipleArgumentsPerToken = true };
    private readonly Option<string[]> _import = new("--import") { Description = "Topics to take from the cluster and republish here.", AllowMultipleArgumentsPerToken = true };
    private readonly Option<string?> _user = new("--user") { Description = "NATS user name." };
    private readonly Option<string?> _password = new("--password") { Description = "NATS password (or set QUIVER_NATS_PASSWORD)." };
    private readonly Option<string?> _token = new("--token") { Description = "NATS token." };
    private readonly Option<string?> _creds = new("--creds") { Description = "NATS credentials file (JWT and nkey seed)." };
    private readonly Option<string?> _nkey = new("--nkey") { Description = "NATS nkey seed file." };
    private readonly Option<string?> _tlsCa = new("--tls-ca") { Description = "CA certificate file that signs the servers' certificates." };
    private readonly Option<string?> _tlsCert = new("--tls-cert") { Description = "Client certificate file (with --tls-key)." };
    private readonly Option<string?> _tlsKey = new("--tls-key") { Description = "Client key file." };
    private readonly Option<int> _queueDepth = new("--queue-depth") { Description = "Samples an exporter holds before it skips.", DefaultValueFactory = _ => 16 };
    private readonly Option<int> _maxChunk = new("--max-chunk-bytes") { Description = "Largest NATS message sent; the server's max_payload caps it too.", DefaultValueFactory = _ => 1 << 20 };
    private readonly Option<long> _maxMessage = new("--max-message-bytes") { Description = "Largest message an importer accepts.", DefaultValueFactory = _ => 64L << 20 };
    private readonly Option<double> _timeout = new("--reassembly-timeout") { Description = "Seconds a message may take to arrive whole.", DefaultValueFactory = _ => 2 };
    private readonly Option<bool> _reliable = new("--reliable") { Description = "Carry every topic of this bridge through a JetStream stream: at least once, delivered once." };
    private readonly Option<string> _maxAge = new("--max-age") { Description = "Reliable: how long a stream keeps messages (90s, 15m, 2h, 7d).", DefaultValueFactory = _ => "1h" };
    private readonly Option<long> _maxBytes = new("--max-bytes") { Description = "Reliable: most bytes a stream keeps; the oldest messages leave first.", DefaultValueFactory = _ => 1L << 30 };
    private readonly Option<int> _replicas = new("--replicas") { Description = "Reliable: copies of each stream in the cluster (3 survives losing a node).", DefaultValueFactory = _ => 3 };
    private readonly Option<string?> _since = new("--since") { Description = "Reliable, importing: a new consumer starts with the messages sent since this duration ago or time (default: new messages only)." };
    private readonly Option<string?> _consumer = new("--consumer") { Description = "Reliable, importing: durable consumer name (default import-<machine>-<runtime directory hash>)." };
    private readonly Option<int> _inFlight = new("--import-in-flight") { Description = "Reliable, importing: most chunks taken from a stream and not yet acknowledged.", DefaultValueFactory = _ => 256 };
    private readonly Option<double> _stats = new("--stats") { Description = "Print each topic's counters every this many seconds (0: only when stopping)." };

    public BridgeCommand() : base("Bridges Quiver topics between this host and a NATS cluster.")
    {
        foreach (var option in new Option[] { _nats, _prefix, _export, _import, _user, _password, _token, _creds, _nkey, _tlsCa, _tlsCert, _tlsKey, _queueDepth, _maxChunk, _maxMessage, _timeout, _reliable, _maxAge, _maxBytes, _replicas, _since, _consumer, _inFlight, _stats })
            Options.Add(option);
        SetAction(RunAsync);
    }

    private async Task<int> RunAsync(ParseResult parsed, CancellationToken cancellation)
    {
        BridgeOptions options;
        try
        {
            options = ToOptions(parsed);
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync($"quiver-bridge: {e.Message}");
            return 2;
        }
        try
        {
            await using var bridge = await Bridge.Bridge.StartAsync(options, cancellation);
            Console.WriteLine($"ready: exporting [{string.Join(", ", options.Export)}], importing [{string.Join(", ", options.Import)}] on {options.NatsUrl}{(bridge.ConsumerName is { } consumer ? $" (reliable; consumer {consumer})" : options.Reliable is null ? "" : " (reliable)")}");
            double every = parsed.GetValue(_stats);
            try
            {
                if (every > 0)
                {
                    using var timer = new PeriodicTimer(TimeSpan.FromSeconds(every));
                    while (await timer.WaitForNextTickAsync(cancellation))
                        PrintStats(bridge.GetStats());
                }
                else
                    await Task.Delay(Timeout.Infinite, cancellation);
            }
            catch (OperationCanceledException)
            {
            }
            PrintStats(bridge.GetStats());
            return 0;
        }
        catch (BridgeException e)
        {
            await Console.Error.WriteLineAsync($"quiver-bridge: {e.Message}");
            return 1;
        }
    }

    private static void PrintStats(BridgeStats stats)
    {
        foreach (var topic in stats.Topics)
            Console.WriteLine($"stats: {topic}");
        Console.WriteLine($"stats: {stats.Reconnects} reconnects");
    }

    private ReliableOptions? ToReliable(ParseResult parsed)
    {
        var reliableOnly = new Option[] { _maxAge, _maxBytes, _replicas, _since, _consumer, _inFlight };
        if (!parsed.GetValue(_reliable))
        {
            if (reliableOnly.FirstOrDefault(option => parsed.GetResult(option) is { Implicit: false }) is { } stray)
                throw new ArgumentException($"{stray.Name} applies to reliable mode only; add --reliable.");
            return null;
        }
        return new ReliableOptions
        {
            MaxAge = TimeArguments.Duration("--max-age", parsed.GetRequiredValue(_maxAge)),
            MaxBytes = parsed.GetValue(_maxBytes),
            Replicas = parsed.GetValue(_replicas),
            Since = parsed.GetValue(_since) is { } since ? TimeArguments.Since(since, DateTimeOffset.UtcNow) : null,
            ConsumerName = parsed.GetValue(_consumer),
            ImportInFlight = parsed.GetValue(_inFlight),
        };
    }

    private BridgeOptions ToOptions(ParseResult parsed)
    {
        var auth = NatsAuthOpts.Default with
        {
            Username = parsed.GetValue(_user),
            Password = parsed.GetValue(_password) ?? Environment.GetEnvironmentVariable("QUIVER_NATS_PASSWORD"),
            Token = parsed.GetValue(_token),
            CredsFile = parsed.GetValue(_creds),
            NKeyFile = parsed.GetValue(_nkey),
        };
        var tls = NatsTlsOpts.Default with
        {
            CaFile = parsed.GetValue(_tlsCa),
            CertFile = parsed.GetValue(_tlsCert),
            KeyFile = parsed.GetValue(_tlsKey),
        };
        if (tls.CaFile is not null || tls.CertFile is not null)
            tls = tls with { Mode = TlsMode.Require };
        double timeout = parsed.GetValue(_timeout);
        if (!(timeout > 0) || timeout > 3600)
            throw new ArgumentException($"--reassembly-timeout takes seconds between 0 and 3600; {timeout} is not.");
        var options = new BridgeOptions
        {
            NatsUrl = parsed.GetRequiredValue(_nats),
            Prefix = parsed.GetRequiredValue(_prefix),
            Export = parsed.GetValue(_export) ?? [],
            Import = parsed.GetValue(_import) ?? [],
            Auth = auth,
            Tls = tls,
            ExportQueueDepth = parsed.GetValue(_queueDepth),
            MaxChunkBytes = parsed.GetValue(_maxChunk),
            MaxMessageBytes = parsed.GetValue(_maxMessage),
            ReassemblyTimeout = TimeSpan.FromSeconds(timeout),
            Log = (level, message) => Console.Error.WriteLine($"quiver-bridge {level.ToString().ToLowerInvariant()}: {message}"),
            Reliable = ToReliable(parsed),
        };
        options.Validate();
        return options;
    }
}
