using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace Quiver.Bridge.Tests;

/// <summary>
/// One nats-server process on 127.0.0.1 with ports the test picked, optionally a cluster node
/// (routes to the other nodes' cluster ports) or started from a configuration file. Disposing it
/// kills it and waits for it; <see cref="Kill"/> does the same mid-test.
/// </summary>
public sealed class NatsServer : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private readonly Process _process;
    private readonly StringWriter _output = new();

    private readonly string? _storeDirectory;

    /// <param name="jetStream">Runs JetStream with a store directory of its own in the temp directory, removed on dispose.</param>
    public NatsServer(string name, int clientPort, int monitorPort, IEnumerable<string> extraArguments, bool jetStream = false)
    {
        if (jetStream)
        {
            _storeDirectory = Path.Combine(Path.GetTempPath(), $"qvb-js-{Environment.ProcessId}-{Guid.NewGuid():N}");
            extraArguments = extraArguments.Concat(["--js", "--sd", _storeDirectory]);
        }
        ClientPort = clientPort;
        MonitorPort = monitorPort;
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-a", "127.0.0.1", "-p", clientPort.ToString(), "-m", monitorPort.ToString(), "-n", name }.Concat(extraArguments))
            start.ArgumentList.Add(argument);
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => Record(e.Data);
        _process.ErrorDataReceived += (_, e) => Record(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public static NatsServer Single(params string[] extraArguments) =>
        StartedOnFreePorts(() => new NatsServer("single", FreePort.Pick(), FreePort.Pick(), extraArguments));

    public static NatsServer SingleWithJetStream() =>
        StartedOnFreePorts(() => new NatsServer("single", FreePort.Pick(), FreePort.Pick(), [], jetStream: true), "jsz", jsz => jsz.TryGetProperty("config", out _));

    /// <summary>
    /// A port picked free may be taken before the server binds it (by any process's outgoing
    /// connection, which gets its port from the same range), and the server then exits at once:
    /// the start is tried again on new ports, a few times at most.
    /// </summary>
    private static NatsServer StartedOnFreePorts(Func<NatsServer> start, string endpoint = "varz", Func<JsonElement, bool>? ready = null)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return Started(start(), endpoint, ready);
            }
            catch (PortTakenException) when (attempt < PortAttempts)
            {
            }
        }
    }

    internal const int PortAttempts = 5;

    public int ClientPort { get; }
    public int MonitorPort { get; }
    public string Url => $"nats://127.0.0.1:{ClientPort}";
    public string Log => _output.ToString();
    public bool HasExited => _process.HasExited;

    /// <summary>nats-server from PATH or the Debian package's place (scripts/test installs it).</summary>
    private static string Executable =>
        new[] { "/usr/sbin/nats-server", "/usr/bin/nats-server", "/usr/local/bin/nats-server" }.FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException("nats-server is not installed; scripts/test installs it (apt-get install nats-server).");

    private void Record(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.WriteLine(line);
    }

    /// <summary>
    /// Waits until the monitoring endpoint answers and <paramref name="ready"/> holds for its /varz
    /// (polled; a server starts in milliseconds); throws <see cref="TimeoutException"/> after
    /// <paramref name="timeout"/> (30 s unless given).
    /// </summary>
    public void WaitUntil(string endpoint, Func<JsonElement, bool> ready, TimeSpan? timeout = null)
    {
        var limit = timeout ?? StartTimeout;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                string message = $"nats-server exited with {_process.ExitCode}: {Log}";
                throw Log.Contains("address already in use", StringComparison.Ordinal) ? new PortTakenException(message) : new InvalidOperationException(message);
            }
            try
            {
                var state = http.GetFromJsonAsync<JsonElement>($"http://127.0.0.1:{MonitorPort}/{endpoint}").GetAwaiter().GetResult();
                if (ready(state))
                    return;
            }
            catch (HttpRequestException)
            {
            }
            if (deadline.Elapsed > limit)
                throw new TimeoutException($"nats-server on port {ClientPort} was not ready ({endpoint}) within {limit}: {Log}");
            Thread.Sleep(20);
        }
    }

    private static NatsServer Started(NatsServer server, string endpoint = "varz", Func<JsonElement, bool>? ready = null)
    {
        try
        {
            server.WaitUntil(endpoint, ready ?? (_ => true));
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    public void Kill()
    {
        if (!_process.HasExited)
            _process.Kill();
        _process.WaitForExit();
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
        if (_storeDirectory is not null && Directory.Exists(_storeDirectory))
            Directory.Delete(_storeDirectory, recursive: true);
    }
}

/// <summary>A nats-server that exited because a port it was given was taken meanwhile.</summary>
public sealed class PortTakenException(string message) : InvalidOperationException(message);
