using System.Diagnostics;

namespace Quiver.Tests;

/// <summary>
/// Runs the <c>dotnet</c> command the way a user would, for the tests that pack the repository's
/// packages and use them from a fresh folder outside it.
/// </summary>
public static class DotnetCli
{
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Runs <c>dotnet</c> without build servers, which would outlive the test, and with
    /// <paramref name="packageCache"/> as NuGet's package folder when given (the repository's own
    /// projects keep the user's cache, so their restore state is not pointed at a temp folder).
    /// Fails with the output on a non-zero exit or timeout; returns the standard output.
    /// </summary>
    public static string Run(string workingDirectory, string? packageCache, string[] arguments, IReadOnlyDictionary<string, string>? environment = null) =>
        Run("dotnet", workingDirectory, packageCache, arguments, environment).Output;

    /// <summary>
    /// Runs <paramref name="program"/> (dotnet, or a tool that dotnet installed) with the environment
    /// described at <see cref="Run(string, string?, string[], IReadOnlyDictionary{string, string}?)"/>;
    /// fails unless it exits with <paramref name="expectedExitCode"/>.
    /// </summary>
    public static (string Output, string Error) Run(string program, string workingDirectory, string? packageCache, string[] arguments,
        IReadOnlyDictionary<string, string>? environment = null, int expectedExitCode = 0)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        if (arguments.Length > 0 && arguments[0] is "build" or "pack")
        {
            start.ArgumentList.Add("-nodeReuse:false");
            start.ArgumentList.Add("-p:UseSharedCompilation=false");
        }
        if (packageCache is not null)
            start.Environment["NUGET_PACKAGES"] = packageCache;
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_DO_NOT_USE_MSBUILD_SERVER"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            start.Environment[name] = value;
        var command = $"{program} {string.Join(' ', arguments)}";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            Xunit.Assert.Fail($"{command} did not finish within {Timeout}:\n{stdout.Result}\n{stderr.Result}");
        }
        process.WaitForExit();
        Xunit.Assert.True(process.ExitCode == expectedExitCode, $"{command} exited with {process.ExitCode}, not {expectedExitCode}:\n{stdout.Result}\n{stderr.Result}");
        return (stdout.Result.Replace("\r\n", "\n"), stderr.Result.Replace("\r\n", "\n"));
    }
}
