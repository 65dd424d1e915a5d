using System.Collections.Concurrent;
using System.Diagnostics;
using Quiver.Transport;

namespace Quiver.Tests;

/// <summary>
/// A test peer (a console project under tests/, built with the tests, or any program that reports
/// one line per event: a Python script, quiver bridge) run as a child process and driven over
/// stdin/stdout: a test peer prints "READY &lt;pid&gt;" first. The test that starts one disposes it,
/// which kills it (if still running) and waits for it to exit.
/// </summary>
public class TestPeerProcess : IDisposable
{
    protected static readonly TimeSpan LineTimeout = TimeSpan.FromSeconds(30);
    private readonly Process _process;
    private readonly BlockingCollection<string> _lines = new();
    private readonly List<string> _errors = [];

    /// <param name="peerProject">The folder and assembly name under tests/, e.g. Quiver.Transport.TestPeer.</param>
    protected TestPeerProcess(string peerProject, string runtimeDirectory, params string[] arguments)
        : this(peerProject, runtimeDirectory, new Dictionary<string, string>(), arguments)
    {
    }

    /// <param name="environment">Extra environment variables for the child, e.g. QUIVER_NOTIFICATION.</param>
    protected TestPeerProcess(string peerProject, string runtimeDirectory, IReadOnlyDictionary<string, string> environment, params string[] arguments)
        : this("dotnet", ["exec", BuiltAssembly(Path.Combine("tests", peerProject), peerProject), .. arguments], runtimeDirectory, environment, "READY")
    {
    }

    /// <summary>
    /// Starts any program as a peer (an example, a Python script): it is ready once it printed a
    /// line starting with <paramref name="readyPrefix"/> (at once when that is null); a
    /// "READY &lt;pid&gt;" line names its pid. Without <paramref name="runtimeDirectory"/> the child
    /// takes its runtime directory from <paramref name="environment"/> or inherits it.
    /// </summary>
    protected TestPeerProcess(string program, IEnumerable<string> arguments, string? runtimeDirectory, IReadOnlyDictionary<string, string> environment, string? readyPrefix)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        if (runtimeDirectory is not null)
            start.Environment[RuntimeDirectory.OverrideVariable] = runtimeDirectory;
        // Tests SIGKILL peers; a .NET process killed that way leaves its diagnostics pipes in /tmp.
        start.Environment["DOTNET_EnableDiagnostics"] = "0";
        foreach (var (name, value) in environment)
            start.Environment[name] = value;
        InheritedInterrupt.StopIgnoring();
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
            if (e.Data is null)
                return;
            lock (_errors)
            {
                _errors.Add(e.Data);
                Monitor.PulseAll(_errors);
            }
        };
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var ready = readyPrefix is null ? null : Expect(readyPrefix);
        ProcessId = ready is not null && ready.StartsWith("READY ", StringComparison.Ordinal) ? int.Parse(ready.Split(' ')[1]) : _process.Id;
    }

    public int ProcessId { get; }
    public bool HasExited => _process.HasExited;
    public int ExitCode => _process.ExitCode;

    public string StandardError
    {
        get
        {
            lock (_errors)
                return string.Join(Environment.NewLine, _errors);
        }
    }

    /// <summary>
    /// The next output line that starts with <paramref name="prefix"/>; lines starting with one of
    /// <paramref name="passOver"/> are passed over, any other line fails.
    /// </summary>
    public string Expect(string prefix, params string[] passOver)
    {
        while (true)
        {
            if (!_lines.TryTake(out var line, LineTimeout))
                throw new TimeoutException($"Peer gave no '{prefix}' line within {LineTimeout} (exited: {_process.HasExited}). Its stderr: {StandardError}");
            if (line.StartsWith(prefix, StringComparison.Ordinal))
                return line;
            if (!passOver.Any(other => line.StartsWith(other, StringComparison.Ordinal)))
                throw new InvalidOperationException($"Peer said '{line}' where '{prefix}...' was expected. Its stderr: {StandardError}");
        }
    }

    /// <summary>Every line printed from here until the process exits.</summary>
    public List<string> RemainingLines()
    {
        var lines = new List<string>();
        while (_lines.TryTake(out var line, LineTimeout))
            lines.Add(line);
        return lines;
    }

    /// <summary>Waits until <paramref name="occurrences"/> lines of standard error contain <paramref name="text"/>.</summary>
    public void WaitForError(string text, int occurrences = 1)
    {
        var deadline = DateTime.UtcNow + LineTimeout;
        lock (_errors)
        {
            while (_errors.Count(line => line.Contains(text, StringComparison.Ordinal)) < occurrences)
            {
                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero)
                    throw new TimeoutException($"Standard error did not say '{text}' {occurrences} times within {LineTimeout}: {string.Join(Environment.NewLine, _errors)}");
                Monitor.Wait(_errors, left);
            }
        }
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

    /// <summary>SIGINT, what Ctrl+C sends; waits for the peer to exit and returns its exit code.</summary>
    public int Interrupt()
    {
        Assert.Equal(0, SendSignal(_process.Id, 2));
        return WaitForExit();
    }

    /// <summary>SIGTERM, what `kill` sends; waits for the peer to exit and returns its exit code.</summary>
    public int Terminate()
    {
        Assert.Equal(0, SendSignal(_process.Id, 15));
        return WaitForExit();
    }

    /// <summary>Waits for the peer to exit on its own and returns its exit code.</summary>
    public int WaitForExit()
    {
        Assert.True(_process.WaitForExit(LineTimeout), $"the peer did not exit. Its stderr: {StandardError}");
        // The timed wait does not wait for the output to be read to its end; this one does.
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>SIGKILL: the peer gets no chance to clean anything up.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
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
        GC.SuppressFinalize(this);
    }

    /// <summary>The dll of the project in <paramref name="projectFolder"/> (relative to the repository), built in the same configuration and framework as the running tests.</summary>
    protected static string BuiltAssembly(string projectFolder, string assemblyName)
    {
        var baseDirectory = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var targetFramework = baseDirectory.Name;
        var configuration = baseDirectory.Parent!.Name;
        var path = Path.Combine(RepositoryRoot.Path, projectFolder, "bin", configuration, targetFramework, assemblyName + ".dll");
        if (!File.Exists(path))
            throw new FileNotFoundException($"{projectFolder} was not built: {path}", path);
        return path;
    }
}
