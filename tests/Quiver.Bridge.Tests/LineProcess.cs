using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Quiver.Bridge.Tests;

/// <summary>
/// A child process that reports on standard output, one line per event (quiver-bridge, the Python
/// bridge peer). Disposing it kills it if it still runs and waits for it.
/// </summary>
public sealed class LineProcess : IDisposable
{
    public static readonly TimeSpan LineTimeout = TimeSpan.FromSeconds(30);
    private readonly Process _process;
    private readonly BlockingCollection<string> _lines = new();
    private readonly List<string> _errors = new();

    public LineProcess(string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment)
            start.Environment[name] = value;
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
    }

    public string StandardError
    {
        get
        {
            lock (_errors)
                return string.Join(Environment.NewLine, _errors);
        }
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
    public bool HasExited => _process.HasExited;
    public int ExitCode => _process.ExitCode;

    /// <summary>The next line that starts with <paramref name="prefix"/>; lines starting with one of <paramref name="passOver"/> are passed over, any other line fails.</summary>
    public string Expect(string prefix, params string[] passOver)
    {
        while (true)
        {
            if (!_lines.TryTake(out var line, LineTimeout))
                throw new TimeoutException($"No '{prefix}' line within {LineTimeout} (exited: {_process.HasExited}). Its stderr: {StandardError}");
            if (line.StartsWith(prefix, StringComparison.Ordinal))
                return line;
            if (!passOver.Any(other => line.StartsWith(other, StringComparison.Ordinal)))
                throw new InvalidOperationException($"The child said '{line}' where '{prefix}...' was expected. Its stderr: {StandardError}");
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

    public void Tell(string line)
    {
        _process.StandardInput.WriteLine(line);
        _process.StandardInput.Flush();
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);

    /// <summary>SIGTERM, then waits for the exit; returns the exit code.</summary>
    public int Terminate()
    {
        Assert.Equal(0, SendSignal(_process.Id, 15));
        return WaitForExit();
    }

    public int WaitForExit()
    {
        Assert.True(_process.WaitForExit(LineTimeout), $"the child did not exit. Its stderr: {StandardError}");
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>SIGKILL: no chance to tell anyone.</summary>
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
    }
}
