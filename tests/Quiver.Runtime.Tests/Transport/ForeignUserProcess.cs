using System.Collections.Concurrent;
using System.Diagnostics;

namespace Quiver.Runtime.Tests.Transport;

/// <summary>
/// A small python3 script run as user nobody (uid 65534) through setpriv, so the transport meets a
/// peer of another uid. It reports over stdout, one line per event. Disposing it kills it (if
/// still running) and waits for it to exit.
/// </summary>
public sealed class ForeignUserProcess : IDisposable
{
    public const uint UserId = 65534;
    private static readonly TimeSpan LineTimeout = TimeSpan.FromSeconds(30);
    private readonly Process _process;
    private readonly BlockingCollection<string> _lines = new();
    private readonly ConcurrentQueue<string> _errors = new();

    public ForeignUserProcess(string script, params string[] arguments)
    {
        Assert.True(File.Exists("/usr/bin/setpriv"), "setpriv (util-linux) is needed to run a peer as another user; install util-linux.");
        var start = new ProcessStartInfo("/usr/bin/setpriv")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])[$"--reuid={UserId}", $"--regid={UserId}", "--clear-groups", "/usr/bin/python3", "-c", script, .. arguments])
            start.ArgumentList.Add(argument);
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
    }

    /// <summary>The next output line, which must start with <paramref name="prefix"/>.</summary>
    public string Expect(string prefix)
    {
        if (!_lines.TryTake(out var line, LineTimeout))
            Assert.Fail($"The foreign-user peer printed no line (expected '{prefix}'). stderr: {string.Join(Environment.NewLine, _errors)}");
        Assert.True(line.StartsWith(prefix, StringComparison.Ordinal), $"Expected '{prefix}', the foreign-user peer printed '{line}'. stderr: {string.Join(Environment.NewLine, _errors)}");
        return line;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
                _process.Kill();
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }
        _process.WaitForExit();
        _process.Dispose();
    }
}
