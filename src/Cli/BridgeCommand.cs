using System.CommandLine;
using NATS.Client.Core;
using Quiver.Bridge;
using Quiver.Transport;

namespace Quiver.Cli;

/// <summary><c>quiver bridge</c>: carries topics between this host and a NATS cluster (docs/bridge.md), <see cref="Bridge.Bridge"/> as a command.</summary>
internal static class BridgeCommand
{
    // The most a publisher's hello can name (docs/protocol.md).
    private const int MaxImportQueueDepth = 1 << 20;

    private sealed class Options
    {
        public readonly Option<string> Nats = new("--nats") { Description = "NATS servers, comma-separated (nats://host:4222,...)", Required = true, HelpName = "urls" };
        public readonly Option<string> Prefix = new("--prefix") { Description = "Subject token shared by the bridges of one fleet", DefaultValueFactory = _ => "default", HelpName = "token" };
        public readonly Option<string[]> Export = new("--export") { Description = "Local topics to send to the cluster", AllowMultipleArgumentsPerToken = true, HelpName = "topic" };
        public readonly Option<string[]> Import = new("--import") { Description = "Topics to take from the cluster and republish here", AllowMultipleArgumentsPerToken = true, HelpName = "topic" };
        public readonly Option<string?> User = new("--user") { Description = "NATS user name" };
        public readonly Option<string?> Password = new("--password") { Description = "NATS password (or set QUIVER_NATS_PASSWORD)" };
        public readonly Option<string?> Token = new("--token") { Description = "NATS token" };
        public readonly Option<string?> Creds = new("--creds") { Description = "NATS credentials file (JWT and nkey seed)", HelpName = "file" };
        public readonly Option<string?> NKey = new("--nkey") { Description = "NATS nkey seed file", HelpName = "file" };
        public readonly Option<string?> TlsCa = new("--tls-ca") { Description = "CA certificate file that signs the servers' certificates", HelpName = "file" };
        public readonly Option<string?> TlsCert = new("--tls-cert") { Description = "Client certificate file (with --tls-key)", HelpName = "file" };
        public readonly Option<string?> TlsKey = new("--tls-key") { Description = "Client key file", HelpName = "file" };
        public readonly Option<int> QueueDepth = new("--queue-depth") { Description = "Samples an exporter holds before it skips", DefaultValueFactory = _ => 16, HelpName = "N" };
        public readonly Option<int> ImportQueueDepth = new("--import-queue-depth") { Description = "Samples each local subscriber of an imported topic may hold before it is skipped", DefaultValueFactory = _ => new PublisherOptions().QueueDepth, HelpName = "N" };
        public readonly Option<int> MaxChunk = new("--max-chunk-bytes") { Description = "Largest NATS message sent; the server's max_payload caps it too", DefaultValueFactory = _ => 1 << 20, HelpName = "bytes" };
        public readonly Option<int> MaxBatch = new("--max-batch-bytes") { Description = "Largest batch of small queued messages sent as one NATS message (0: none)", DefaultValueFactory = _ => new BridgeOptions().MaxBatchBytes, HelpName = "bytes" };
        public readonly Option<long> MaxMessage = new("--max-message-bytes") { Description = "Largest message an importer accepts", DefaultValueFactory = _ => 64L << 20, HelpName = "bytes" };
        public readonly Option<double> Timeout = new("--reassembly-timeout") { Description = "Seconds a message may take to arrive whole", DefaultValueFactory = _ => 2, HelpName = "seconds" };
        public readonly Option<bool> Reliable = new("--reliable") { Description = "Carry every topic of this bridge through a JetStream stream: at least once, delivered once" };
        public readonly Option<string> MaxAge = new("--max-age") { Description = "Reliable: how long a stream keeps messages (90s, 15m, 2h, 7d)", DefaultValueFactory = _ => "1h", HelpName = "duration" };
        public readonly Option<long> MaxBytes = new("--max-bytes") { Description = "Reliable: most bytes a stream keeps; the oldest messages leave first", DefaultValueFactory = _ => 1L << 30, HelpName = "bytes" };
        public readonly Option<int> Replicas = new("--replicas") { Description = "Reliable: copies of each stream in the cluster (3 survives losing a node)", DefaultValueFactory = _ => 3, HelpName = "N" };
        public readonly Option<string?> Since = new("--since") { Description = "Reliable, importing: a new consumer starts with the messages sent since this duration ago or time (default: new messages only)", HelpName = "duration|time" };
        public readonly Option<string?> Consumer = new("--consumer") { Description = "Reliable, importing: durable consumer name (default import-<machine>-<runtime directory hash>)", HelpName = "name" };
        public readonly Option<int> ImportInFlight = new("--import-in-flight") { Description = "Reliable, importing: most chunks taken from a stream and not yet acknowledged", DefaultValueFactory = _ => 256, HelpName = "N" };
        public readonly Option<double> Stats = new("--stats") { Description = "Print each topic's counters every this many seconds (0: only when stopping)", HelpName = "seconds" };

        public Options()
        {
            Require(QueueDepth, depth => depth >= 1, "--queue-depth is a number of samples, 1 or more.");
            Require(ImportQueueDepth, depth => depth is >= 1 and <= MaxImportQueueDepth, $"--import-queue-depth is a number of samples from 1 to {MaxImportQueueDepth}.");
            Require(MaxChunk, bytes => bytes >= BridgeOptions.SmallestChunkBytes, $"--max-chunk-bytes must leave room for a chunk's header and some of the message: {BridgeOptions.SmallestChunkBytes} or more.");
            Require(MaxBatch, bytes => bytes >= 0, "--max-batch-bytes is a number of bytes, 0 or more (0: no batches).");
            Require(MaxMessage, bytes => bytes is >= 0 and <= int.MaxValue, $"--max-message-bytes is a number of bytes from 0 to {int.MaxValue}.");
            Require(Timeout, seconds => seconds is > 0 and <= 3600, "--reassembly-timeout takes seconds above 0, up to 3600.");
            Require(Stats, seconds => seconds >= 0, "--stats takes seconds, 0 or more (0: only when stopping).");
        }

        public IEnumerable<Option> All => [Nats, Prefix, Export, Import, User, Password, Token, Creds, NKey, TlsCa, TlsCert, TlsKey, QueueDepth, ImportQueueDepth, MaxChunk, MaxBatch, MaxMessage, Timeout,
            Reliable, MaxAge, MaxBytes, Replicas, Since, Consumer, ImportInFlight, Stats];

        public IEnumerable<Option> ReliableOnly => [MaxAge, MaxBytes, Replicas, Since, Consumer, ImportInFlight];

        private static void Require<T>(Option<T> option, Func<T, bool> valid, string problem) =>
            option.Validators.Add(result =>
            {
                if (!valid(result.GetValueOrDefault<T>()))
                    result.AddError(problem);
            });
    }

    public static Command Create()
    {
        var options = new Options();
        var command = new Command("bridge", "Bridge topics between this host's runtime directory and a NATS cluster: --export sends local topics to the cluster, --import publishes topics from the cluster here under the exporting publisher's contract. Prints \"ready: …\" once connected and subscribed; Ctrl+C or SIGTERM stops it (an exporter tells importers the stream ended).");
        foreach (var option in options.All)
            command.Options.Add(option);
        command.SetAction((parsed, cancellation) => RunAsync(options, parsed, parsed.InvocationConfiguration.Output, parsed.InvocationConfiguration.Error, cancellation));
        return command.WithExamples(
            "quiver bridge --nats nats://node1:4222,nats://node2:4222 --prefix lab --export robot/camera --stats 10",
            "quiver bridge --nats nats://node2:4222 --prefix lab --import robot/camera",
            "quiver bridge --nats nats://hub:4222 --creds robot.creds --export a/out --import b/out");
    }

    private static async Task<int> RunAsync(Options parsedOptions, ParseResult parsed, TextWriter output, TextWriter errors, CancellationToken cancellation)
    {
        BridgeOptions options;
        try
        {
            options = ToBridgeOptions(parsedOptions, parsed, errors);
        }
        catch (ArgumentException e)
        {
            throw new CommandFailure(ExitCodes.UsageError, e.Message, e);
        }
        try
        {
            await using var bridge = await Bridge.Bridge.StartAsync(options, cancellation);
            var mode = bridge.ConsumerName is { } consumer ? $" (reliable; consumer {consumer})" : options.Reliable is null ? "" : " (reliable)";
            output.WriteLine($"ready: exporting [{string.Join(", ", options.Export)}], importing [{string.Join(", ", options.Import)}] on {options.NatsUrl}{mode}");
            output.Flush();
            double every = parsed.GetValue(parsedOptions.Stats);
            try
            {
                if (every > 0)
                {
                    using var timer = new PeriodicTimer(TimeSpan.FromSeconds(every));
                    while (await timer.WaitForNextTickAsync(cancellation))
                        PrintStats(bridge.GetStats(), output);
                }
                else
                    await Task.Delay(System.Threading.Timeout.Infinite, cancellation);
            }
            catch (OperationCanceledException)
            {
            }
            PrintStats(bridge.GetStats(), output);
            return ExitCodes.Success;
        }
        catch (BridgeException e)
        {
            throw new CommandFailure(ExitCodes.BridgeFailed, e.Message, e);
        }
    }

    private static void PrintStats(BridgeStats stats, TextWriter output)
    {
        foreach (var topic in stats.Topics)
            output.WriteLine($"stats: {topic}");
        output.WriteLine($"stats: {stats.Reconnects} reconnects");
        output.Flush();
    }

    private static ReliableOptions? ToReliable(Options parsedOptions, ParseResult parsed)
    {
        if (!parsed.GetValue(parsedOptions.Reliable))
        {
            if (parsedOptions.ReliableOnly.FirstOrDefault(option => parsed.GetResult(option) is { Implicit: false }) is { } stray)
                throw new ArgumentException($"{stray.Name} applies to reliable mode only; add --reliable.");
            return null;
        }
        return new ReliableOptions
        {
            MaxAge = TimeArguments.Duration("--max-age", parsed.GetRequiredValue(parsedOptions.MaxAge)),
            MaxBytes = parsed.GetValue(parsedOptions.MaxBytes),
            Replicas = parsed.GetValue(parsedOptions.Replicas),
            Since = parsed.GetValue(parsedOptions.Since) is { } since ? TimeArguments.Since(since, DateTimeOffset.UtcNow) : null,
            ConsumerName = parsed.GetValue(parsedOptions.Consumer),
            ImportInFlight = parsed.GetValue(parsedOptions.ImportInFlight),
        };
    }

    private static BridgeOptions ToBridgeOptions(Options parsedOptions, ParseResult parsed, TextWriter errors)
    {
        var auth = NatsAuthOpts.Default with
        {
            Username = parsed.GetValue(parsedOptions.User),
            Password = parsed.GetValue(parsedOptions.Password) ?? Environment.GetEnvironmentVariable("QUIVER_NATS_PASSWORD"),
            Token = parsed.GetValue(parsedOptions.Token),
            CredsFile = parsed.GetValue(parsedOptions.Creds),
            NKeyFile = parsed.GetValue(parsedOptions.NKey),
        };
        var tls = NatsTlsOpts.Default with
        {
            CaFile = parsed.GetValue(parsedOptions.TlsCa),
            CertFile = parsed.GetValue(parsedOptions.TlsCert),
            KeyFile = parsed.GetValue(parsedOptions.TlsKey),
        };
        if (tls.CaFile is not null || tls.CertFile is not null)
            tls = tls with { Mode = TlsMode.Require };
        var options = new BridgeOptions
        {
            NatsUrl = parsed.GetRequiredValue(parsedOptions.Nats),
            Prefix = parsed.GetRequiredValue(parsedOptions.Prefix),
            Export = parsed.GetValue(parsedOptions.Export) ?? [],
            Import = parsed.GetValue(parsedOptions.Import) ?? [],
            Auth = auth,
            Tls = tls,
            ExportQueueDepth = parsed.GetValue(parsedOptions.QueueDepth),
            ImportPublisher = new BridgeOptions().ImportPublisher with { QueueDepth = parsed.GetValue(parsedOptions.ImportQueueDepth) },
            MaxChunkBytes = parsed.GetValue(parsedOptions.MaxChunk),
            MaxBatchBytes = parsed.GetValue(parsedOptions.MaxBatch),
            MaxMessageBytes = parsed.GetValue(parsedOptions.MaxMessage),
            ReassemblyTimeout = TimeSpan.FromSeconds(parsed.GetValue(parsedOptions.Timeout)),
            Log = (level, message) =>
            {
                lock (errors)
                    errors.WriteLine($"quiver bridge {level.ToString().ToLowerInvariant()}: {message}");
            },
            Reliable = ToReliable(parsedOptions, parsed),
        };
        options.Validate();
        return options;
    }
}
