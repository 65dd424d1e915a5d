using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Quiver.Transport;

namespace Quiver.Recording.Tests;

/// <summary>The built <c>quiver</c> command as a child process: its output lines, SIGINT as Ctrl+C, killed and waited for on dispose.</summary>
public sealed class CliProcess : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly Process _process;
    private readonly BlockingCollection<string> _lines = new();
    private readonly ConcurrentQueue<string> _errors = new();

    public CliProcess(string runtimeDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "quiver.dll"));
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        start.Environment[RuntimeDirectory.OverrideVariable] = runtimeDirectory;
        start.Environment["DOTNET_EnableDiagnostics"] = "0";
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

    public string StandardError => string.Join(Environment.NewLine, _errors);

    /// <summary>The next output line, which must start with <paramref name="prefix"/>.</summary>
    public string Expect(string prefix)
    {
        if (!_lines.TryTake(out var line, Patience))
            throw new TimeoutException($"quiver printed no '{prefix}' line within {Patience}. Its stderr: {StandardError}");
        Assert.True(line.StartsWith(prefix, StringComparison.Ordinal), $"quiver printed '{line}' where '{prefix}...' was expected. Its stderr: {StandardError}");
        return line;
    }

    /// <summary>Sends SIGINT (what Ctrl+C sends) and returns the exit code and every line printed after it.</summary>
    public (int ExitCode, List<string> Output) Interrupt()
    {
        Assert.Equal(0, SendSignal(_process.Id, 2));
        Assert.True(_process.WaitForExit(Patience), "quiver did not exit after SIGINT");
        _process.WaitForExit();
        return (_process.ExitCode, [.. _lines]);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(Patience);
        }
        _process.Dispose();
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);
}
