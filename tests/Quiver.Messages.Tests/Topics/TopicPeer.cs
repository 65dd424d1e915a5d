using System.Collections.Concurrent;
using System.Diagnostics;
using Quiver.Transport;

namespace Quiver.Messages.Tests.Topics;

/// <summary>
/// A Quiver.Topics.TestPeer child process, driven over stdin/stdout. Disposing it kills it (if
/// still running) and waits for it to exit.
/// </summary>
public sealed class TopicPeer : IDisposable
{
    private static readonly TimeSpan LineTimeout = TimeSpan.FromSeconds(30);
    private readonly Process _process;
    private readonly BlockingCollection<string> _lines = new();
    private readonly ConcurrentQueue<string> _errors = new();

    public TopicPeer(string runtimeDirectory, params string[] arguments)
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
        Expect("READY");
    }

    public string StandardError => string.Join(Environment.NewLine, _errors);

    /// <summary>The next output line, which must start with <paramref name="prefix"/>.</summary>
    public string Expect(string prefix)
    {
        if (!_lines.TryTake(out var line, LineTimeout))
            throw new TimeoutException($"Peer gave no '{prefix}' line within {LineTimeout}. Its stderr: {StandardError}");
        if (!line.StartsWith(prefix, StringComparison.Ordinal))
            throw new InvalidOperationException($"Peer said '{line}' where '{prefix}...' was expected. Its stderr: {StandardError}");
        return line;
    }

    public void Release(ulong sequence)
    {
        _process.StandardInput.WriteLine($"RELEASE {sequence}");
        _process.StandardInput.Flush();
        Expect($"RELEASED {sequence}");
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
        string path = Path.Combine(root.FullName, "tests", "Quiver.Topics.TestPeer", "bin", configuration, targetFramework, "Quiver.Topics.TestPeer.dll");
        if (!File.Exists(path))
            throw new FileNotFoundException($"The typed topic test peer was not built: {path}", path);
        return path;
    }
}
