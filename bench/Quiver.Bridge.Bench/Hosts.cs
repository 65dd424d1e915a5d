using System.Diagnostics;
using Quiver.Transport;

namespace Quiver.Bridge.Bench;

/// <summary>
/// The two hosts' bridges, each a `quiver bridge` process (A exporting every benchmark topic of
/// one delivery mode, B importing them), and host B's receiver process per run. Host A's
/// publisher is this process.
/// </summary>
internal sealed class Hosts : IDisposable
{
    private static readonly TopicContract Raw = new("bench.Bytes", 0xBE7C, new byte[] { 1 });

    /// <summary>
    /// Samples the exporter holds on their way to NATS (its --queue-depth; the publisher's own
    /// queue depth too). Back to back, the publisher waits while the exporter holds one less.
    /// </summary>
    public const int QueueDepth = 1024;

    /// <summary>
    /// Messages a receiver on host B may fall behind before it misses any: the importer's
    /// --import-queue-depth, and the bare NATS.Net subscriber's buffer (NatsOpts.SubPendingChannelCapacity).
    /// </summary>
    public const int ReceiverBacklog = 1 << 16;

    /// <summary>
    /// The servers' max_payload. The bare paths send each message whole under it; core mode's
    /// exporter is told it too (--max-chunk-bytes), as an operator who raised it would, so both
    /// paths send what the cluster takes. Reliable mode keeps the default 1 MiB chunks.
    /// </summary>
    public const int MaxPayload = 64 << 20;

    /// <summary>Reliable mode: one copy of each stream (the baseline's stream too), at most this many bytes kept on disk.</summary>
    public const int StreamReplicas = 1;
    public const long StreamBytes = 256L << 20;

    /// <summary>Reliable mode: chunks read from a stream ahead of the acknowledgements (the importer's default).</summary>
    public const int ImportInFlight = 256;

    private readonly string _hostB;
    private readonly string _mode;
    private readonly Process _exporter;
    private readonly Process _importer;
    private readonly List<string> _bridgeLog = [];

    /// <param name="names">The runs' names (<see cref="BenchPath"/>), each carried on a topic of its own.</param>
    public Hosts(string hostA, string natsA, string hostB, string natsB, bool reliable, IEnumerable<string> names)
    {
        _hostB = hostB;
        _mode = reliable ? "reliable" : "core";
        var topics = names.Select(Topic).ToList();
        // Whichever bridge makes a topic's stream first makes it with its settings: both name the same.
        string[] mode = reliable ? ["--reliable", "--replicas", $"{StreamReplicas}", "--max-bytes", $"{StreamBytes}"] : ["--max-chunk-bytes", $"{MaxPayload}"];
        _exporter = StartBridge(hostA, $"{_mode} exporter", ["--nats", natsA, "--prefix", "bench", .. mode, "--queue-depth", $"{QueueDepth}", "--export", .. topics]);
        _importer = StartBridge(hostB, $"{_mode} importer", ["--nats", natsB, "--prefix", "bench", .. mode, "--import-queue-depth", $"{ReceiverBacklog}", "--import", .. topics]);
        try
        {
            WaitFor(_exporter, "ready");
            WaitFor(_importer, "ready");
        }
        catch (Exception e)
        {
            Dispose();
            // A bridge that did not start said why on its standard error.
            throw new InvalidOperationException($"{e.Message} What the bridges logged:{Environment.NewLine}{string.Join(Environment.NewLine, BridgeLog)}", e);
        }
    }

    public string Topic(string name) => $"bench/{_mode}/{name}";

    /// <summary>What the two bridges logged so far, each line with its bridge's name.</summary>
    public IReadOnlyList<string> BridgeLog
    {
        get
        {
            lock (_bridgeLog)
                return _bridgeLog.ToList();
        }
    }

    /// <summary>A `quiver bridge` process whose log (its standard error) goes to <see cref="BridgeLog"/> rather than into the tables.</summary>
    private Process StartBridge(string runtimeDirectory, string name, IEnumerable<string> arguments)
    {
        var bridge = Start(runtimeDirectory, QuiverPath, ["bridge", .. arguments], keepErrors: true);
        bridge.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is not null)
            {
                lock (_bridgeLog)
                    _bridgeLog.Add($"{name}: {line.Data}");
            }
        };
        bridge.BeginErrorReadLine();
        return bridge;
    }

    /// <summary>Host A's publisher of <paramref name="topic"/>, and host B's receiver once it is connected through both bridges.</summary>
    public ReceiverProcess Receiver(string topic, out Publisher publisher)
    {
        publisher = Publisher.Create(topic, Raw, new PublisherOptions { QueueDepth = QueueDepth });
        if (!publisher.WaitForSubscribers(1, TimeSpan.FromSeconds(30)))
            throw new TimeoutException($"The exporting bridge did not subscribe to {topic}.");
        var process = Start(_hostB, typeof(Hosts).Assembly.Location, ["receive", topic]);
        WaitFor(process, "READY");
        return new ReceiverProcess(process);
    }

    private static Process Start(string runtimeDirectory, string dll, IEnumerable<string> arguments, bool keepErrors = false)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = keepErrors, UseShellExecute = false };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        start.Environment[RuntimeDirectory.OverrideVariable] = runtimeDirectory;
        return Process.Start(start)!;
    }

    private static void WaitFor(Process process, string prefix)
    {
        string? line = process.StandardOutput.ReadLine();
        if (line is null || !line.StartsWith(prefix, StringComparison.Ordinal))
            throw new InvalidOperationException($"Expected '{prefix}', got '{line}'.");
    }

    /// <summary>The quiver command, built in the benchmark's configuration and framework.</summary>
    private static string QuiverPath
    {
        get
        {
            var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            return Path.Combine(here.Parent!.Parent!.Parent!.Parent!.Parent!.FullName, "src", "Cli", "bin", here.Parent.Name, here.Name, "quiver.dll");
        }
    }

    public void Dispose()
    {
        foreach (var bridge in new[] { _exporter, _importer })
        {
            if (!bridge.HasExited)
                bridge.Kill();
            bridge.WaitForExit();
            bridge.Dispose();
        }
    }

    internal sealed class ReceiverProcess(Process process) : IDisposable
    {
        private static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(20);
        private const int ProbeAttempts = 500;

        /// <summary>Calls <paramref name="sendProbe"/> every <see cref="ProbeInterval"/> until the receiver says a probe arrived.</summary>
        public void Probe(Action sendProbe)
        {
            var answer = process.StandardOutput.ReadLineAsync();
            for (int attempt = 0; attempt < ProbeAttempts; attempt++)
            {
                sendProbe();
                if (answer.Wait(ProbeInterval))
                {
                    if (answer.Result != "PROBED")
                        throw new InvalidOperationException($"Expected 'PROBED' from the receiver, got '{answer.Result}'.");
                    return;
                }
            }
            throw new TimeoutException("No probe reached the receiver on host B.");
        }

        /// <summary>The latencies (Stopwatch ticks, nanoseconds on Linux) and the last arrival.</summary>
        public (List<long> Latencies, long Last) Result()
        {
            string line = process.StandardOutput.ReadLine() ?? throw new InvalidOperationException("The receiver said nothing.");
            var parts = line.Split(' ');
            var latencies = parts[2].Length == 0 ? new List<long>() : parts[2].Split(',').Select(long.Parse).ToList();
            return (latencies, long.Parse(parts[4]));
        }

        public void Dispose()
        {
            if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
                process.Kill();
            process.WaitForExit();
            process.Dispose();
        }
    }
}
