using System.Diagnostics;

namespace Quiver.Generator.Tests;

/// <summary>Runs python3 as a child process, with the repository's quiver package importable, and returns its output; fails the test on a non-zero exit.</summary>
internal static class PythonInterpreter
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public static string? Path { get; } = Find();

    public static string Run(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo(Path ?? throw new InvalidOperationException("python3 is missing"))
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        start.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        // Generated modules import quiver._generated from the runtime package.
        start.Environment["PYTHONPATH"] = System.IO.Path.Combine(Quiver.Tests.RepositoryRoot.Path, "src", "Python");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            Assert.Fail($"python3 {string.Join(' ', arguments)} did not finish within {Timeout}");
        }
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"python3 {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{stdout.Result}\n{stderr.Result}");
        return stdout.Result.Replace("\r\n", "\n");
    }

    private static string? Find()
    {
        if (File.Exists("/usr/bin/python3"))
            return "/usr/bin/python3";
        return (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => System.IO.Path.Combine(directory, "python3"))
            .FirstOrDefault(File.Exists);
    }
}
