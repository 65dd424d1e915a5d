using System.Collections.Concurrent;
using System.Diagnostics;

namespace Quiver.Chaos;

/// <summary>A line a child wrote to standard output; <see cref="Line"/> is null when its output closed.</summary>
public sealed record ChildLine(ChildProcess Child, string? Line);

/// <summary>
/// A process the chaos run started: its output lines go to the run's one queue (so the run reacts
/// to all children in order), the tail of its standard error is kept for failure messages, and it
/// is only ever killed by its own pid.
/// </summary>
public sealed class ChildProcess : IDisposable
{
    private const int ErrorLinesKept = 40;
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _errors = new();

    private ChildProcess(string role, Process process)
    {
        Role = role;
        _process = process;
    }

    /// <summary>"publisher 2", "C# subscriber 5", ...: what the run calls it in its report.</summary>
    public string Role { get; }
    /// <summary>Kept from the start: the process object forgets it once disposed.</summary>
    public int ProcessId { get; private set; }
    public bool Killed { get; private set; }

    /// <summary>Set by the run when the null line (end of output) of this child has been taken.</summary>
    public bool OutputClosed { get; set; }
    public bool HasExited => _process.HasExited;
    public int ExitCode => _process.ExitCode;
    public string StandardError => string.Join(Environment.NewLine, _errors);

    public static ChildProcess Start(string role, string fileName, IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string> environment, BlockingCollection<ChildLine> lines)
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
        var process = new Process { StartInfo = start };
        var child = new ChildProcess(role, process);
        process.OutputDataReceived += (_, e) => lines.Add(new ChildLine(child, e.Data));
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
                return;
            child._errors.Enqueue(e.Data);
            while (child._errors.Count > ErrorLinesKept)
                child._errors.TryDequeue(out string? _);
        };
        process.Start();
        child.ProcessId = process.Id;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    public void Tell(string line)
    {
        _process.StandardInput.WriteLine(line);
        _process.StandardInput.Flush();
    }

    public void CloseInput() => _process.StandardInput.Close();

    /// <summary>SIGKILL, then reaps it: no chance to clean anything up.</summary>
    public void Kill()
    {
        Killed = true;
        _process.Kill();
        _process.WaitForExit();
    }

    public bool WaitForExit(TimeSpan timeout) => _process.WaitForExit(timeout);

    /// <summary>
    /// Kills the child if it is still running, so a run that failed half-way leaves no process
    /// behind; its exit code then says SIGKILL (137) where a clean exit was due.
    /// </summary>
    public void EnsureExited()
    {
        if (_process.HasExited)
            return;
        _process.Kill();
        _process.WaitForExit();
    }

    public void Dispose()
    {
        EnsureExited();
        _process.Dispose();
    }
}
