using System.Collections.Concurrent;
using System.Diagnostics;
using Quiver.Transport;

namespace Quiver.Runtime.Tests.Transport;

/// <summary>
/// A Quiver.Transport.TestPeer child process, driven over stdin/stdout. The test that starts one
/// disposes it, which kills it (if still running) and waits for it to exit.
/// </summary>
public sealed class PeerProcess : IDisposable
{
    private static readonly TimeSpan LineTimeout = TimeSpan.FromSeconds(30);
    private readonly Process _process;
    private readonly BlockingCollection<string> _lines = new();
    private readonly ConcurrentQueue<string> _errors = new();

    private PeerProcess(string runtimeDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(PeerAssembly);
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        start.Environment[RuntimeDirectory.OverrideVariable] = runtimeDirectory;
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
                _lines.CompleteAdding();
            else
                _lines.Add(e.Data);
        };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
                _errors.Enqueue(e.Data);
        };
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var ready = Expect("READY");
        ProcessId = int.Parse(ready.Split(' ')[1]);
    }

    public int ProcessId { get; }
    public string StandardError => string.Join(Environment.NewLine, _errors);

    public static PeerProcess Subscriber(TransportFixture fixture, bool autoRelease) =>
        new(fixture.Directory, "subscribe", fixture.Topic, autoRelease ? "auto" : "hold");

    /// <summary>A subscriber that releases every sample at once and reports only its totals at the end.</summary>
    public static PeerProcess QuietSubscriber(TransportFixture fixture) => new(fixture.Directory, "subscribe", fixture.Topic, "quiet");

    public static PeerProcess Publisher(TransportFixture fixture) => new(fixture.Directory, "publish", fixture.Topic);

    /// <summary>The next output line, which must start with <paramref name="prefix"/>.</summary>
    public string Expect(string prefix)
    {
        if (!_lines.TryTake(out var line, LineTimeout))
            throw new TimeoutException($"Peer gave no '{prefix}' line within {LineTimeout}. Its stderr: {StandardError}");
        if (line is null || !line.StartsWith(prefix, StringComparison.Ordinal))
            throw new InvalidOperationException($"Peer said '{line}' where '{prefix}...' was expected. Its stderr: {StandardError}");
        return line;
    }

    /// <summary>Reads a "SAMPLE seq length ok|bad" line and returns the sequence after checking the rest.</summary>
    public ulong ExpectSample(int length)
    {
        var parts = Expect("SAMPLE ").Split(' ');
        Assert.Equal(length.ToString(), parts[2]);
        Assert.Equal("ok", parts[3]);
        return ulong.Parse(parts[1]);
    }

    public void Tell(string command)
    {
        _process.StandardInput.WriteLine(command);
        _process.StandardInput.Flush();
    }

    public void Release(ulong sequence)
    {
        Tell($"RELEASE {sequence}");
        Expect($"RELEASED {sequence}");
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);

    /// <summary>SIGSTOP / SIGCONT: the peer stops reading (as a hung process would), then resumes.</summary>
    public void Stop() => Assert.Equal(0, SendSignal(_process.Id, 19));

    public void Continue() => Assert.Equal(0, SendSignal(_process.Id, 18));

    /// <summary>SIGKILL: the peer gets no chance to clean anything up.</summary>
    public void Kill()
    {
        _process.Kill();
        Assert.True(_process.WaitForExit(LineTimeout), "the killed peer did not exit");
    }

    /// <summary>Closes stdin (the peer's signal to finish) and waits for a clean exit.</summary>
    public int Finish()
    {
        _process.StandardInput.Close();
        Assert.True(_process.WaitForExit(LineTimeout), "the peer did not exit after its input closed");
        return _process.ExitCode;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit(LineTimeout);
            }
        }
        finally
        {
            _process.Dispose();
        }
    }

    private static string PeerAssembly { get; } = FindPeerAssembly();

    private static string FindPeerAssembly()
    {
        var baseDirectory = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        string targetFramework = baseDirectory.Name;
        string configuration = baseDirectory.Parent!.Name;
        var root = baseDirectory;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Quiver.slnx")))
            root = root.Parent;
        if (root is null)
            throw new InvalidOperationException($"No Quiver.slnx above {AppContext.BaseDirectory}.");
        string path = Path.Combine(root.FullName, "tests", "Quiver.Transport.TestPeer", "bin", configuration, targetFramework, "Quiver.Transport.TestPeer.dll");
        if (!File.Exists(path))
            throw new FileNotFoundException($"The transport test peer was not built: {path}", path);
        return path;
    }
}
