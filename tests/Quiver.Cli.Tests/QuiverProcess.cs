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
    private readonly Task<string> _errors;

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
        _process = Process.Start(start)!;
        _output = _process.StandardOutput.ReadToEndAsync();
        _errors = _process.StandardError.ReadToEndAsync();
    }

    /// <summary>Runs to the end and returns what it printed.</summary>
    public static (int ExitCode, string Output, string Errors) Run(string runtimeDirectory, params string[] arguments)
    {
        using var quiver = new QuiverProcess(runtimeDirectory, arguments);
        return quiver.WaitForExit();
    }

    public (int ExitCode, string Output, string Errors) WaitForExit()
    {
        if (!_process.WaitForExit(Timeout))
        {
            _process.Kill();
            _process.WaitForExit();
            Assert.Fail($"quiver did not finish within {Timeout}. Output: {_output.Result}\nErrors: {_errors.Result}");
        }
        _process.WaitForExit();
        return (_process.ExitCode, _output.Result, _errors.Result);
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
