using System.Diagnostics;
using System.Text;

namespace Quiver.Interop.Tests.Tooling;

/// <summary>What a finished child process printed and returned.</summary>
public sealed record ProcessResult(string CommandLine, int ExitCode, string StandardOutput, string StandardError)
{
    public string Describe() =>
        $"`{CommandLine}` exited with {ExitCode}.{Environment.NewLine}" +
        $"--- stdout ---{Environment.NewLine}{StandardOutput}{Environment.NewLine}" +
        $"--- stderr ---{Environment.NewLine}{StandardError}";
}

/// <summary>
/// Runs a child process to completion with its output captured. A process that outlives the time
/// limit is killed with its whole tree and waited for, so no test leaves anything running.
/// </summary>
public static class ExternalProcess
{
    public static ProcessResult Run(
        string fileName,
        IReadOnlyList<string> arguments,
        TimeSpan timeLimit,
        IReadOnlyDictionary<string, string>? environment = null,
        string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = workingDirectory ?? RepositoryLayout.RootDirectory,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            start.Environment[name] = value;
        var commandLine = string.Join(' ', [fileName, .. arguments]);

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start `{commandLine}`.");
        try
        {
            process.StandardInput.Close();
            // Both pipes are drained concurrently: a child that fills one while we wait on the other would block forever.
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeLimit))
            {
                StopTree(process);
                throw new TimeoutException(
                    $"`{commandLine}` did not finish within {timeLimit.TotalSeconds:0} s and was killed.{Environment.NewLine}" +
                    $"--- stdout ---{Environment.NewLine}{Completed(stdout)}{Environment.NewLine}--- stderr ---{Environment.NewLine}{Completed(stderr)}");
            }
            process.WaitForExit();
            return new ProcessResult(commandLine, process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
        }
        finally
        {
            StopTree(process);
        }
    }

    private static void StopTree(Process process)
    {
        if (process.HasExited)
            return;
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    private static string Completed(Task<string> output) => output.Wait(TimeSpan.FromSeconds(5)) ? output.Result : "(output not available)";
}
