using System.Collections.Concurrent;
using System.Diagnostics;
using Quiver.Transport;

namespace Quiver.Cli.Tests;

/// <summary>
/// The <c>quiver</c> command run as a child process with a runtime directory of its own, as a
/// user runs it beside live publishers. Disposing kills it if it is still running.
/// </summary>
internal sealed class QuiverProcess : IDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly Task<string> _output;
    private readonly BlockingCollection<string> _errorLines = new();
    private readonly List<string> _errors = [];

    public QuiverProcess(string runtimeDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "quiver.dll"));
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        start.Environment[RuntimeDirectory.OverrideVariable] = runtimeDirectory;
        start.Environment["DOTNET_EnableDiagnostics"] = "0";
        _process = new Process { StartInfo = start };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
                _errorLines.CompleteAdding();
            else
                _errorLines.Add(e.Data);
        };
        _process.Start();
        _process.BeginErrorReadLine();
        _output = _process.StandardOutput.ReadToEndAsync();
    }

    /// <summary>Runs to the end and returns what it printed.</summary>
    public static (int ExitCode, string Output, string Errors) Run(string runtimeDirectory, params string[] arguments)
    {
        using var quiver = new QuiverProcess(runtimeDirectory, arguments);
        return quiver.WaitForExit();
    }

    /// <summary>Waits for the next line on standard error, which must start with <paramref name="prefix"/>.</summary>
    public string ExpectError(string prefix)
    {
        if (!_errorLines.TryTake(out var line, Timeout))
            Assert.Fail($"quiver wrote no '{prefix}' line to standard error within {Timeout}.");
        _errors.Add(line!);
        Assert.StartsWith(prefix, line);
        return line!;
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);

    /// <summary>SIGTERM, as a service manager or <c>kill</c> stops it.</summary>
    public void Terminate() => Assert.Equal(0, SendSignal(_process.Id, 15));

    public (int ExitCode, string Output, string Errors) WaitForExit()
    {
        if (!_process.WaitForExit(Timeout))
        {
            _process.Kill();
            _process.WaitForExit();
            Assert.Fail($"quiver did not finish within {Timeout}. Output: {_output.Result}\nErrors: {string.Join('\n', _errors.Concat(_errorLines))}");
        }
        // The parameterless wait also waits for the redirected streams to reach their end.
        _process.WaitForExit();
        _errors.AddRange(_errorLines.GetConsumingEnumerable());
        return (_process.ExitCode, _output.Result, string.Concat(_errors.Select(line => line + "\n")));
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }
        _process.Dispose();
    }
}
