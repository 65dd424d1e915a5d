using System.Diagnostics;

namespace Quiver.Transport.Bench;

/// <summary>A child process running this program in another role; disposed = killed if still running.</summary>
internal sealed class Child : IDisposable
{
    // Roles that print READY once they can be sent to (subscribed, or serving).
    private static readonly HashSet<string> ReportsReady = ["quiver-subscriber", "grpc-server"];

    private readonly Process _process;

    private Child(Process process) => _process = process;

    public static Child Start(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(typeof(TransportBenchmark).Assembly.Location);
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        CorePinning.MarkChild(start.Environment);
        var child = new Child(Process.Start(start)!);
        if (ReportsReady.Contains(arguments[0]) && child._process.StandardOutput.ReadLine() != "READY")
            throw new InvalidOperationException($"The child '{arguments[0]}' did not start.");
        return child;
    }

    public (double, double) Result()
    {
        string? line;
        while ((line = _process.StandardOutput.ReadLine()) is not null && !line.StartsWith("RESULT ", StringComparison.Ordinal))
        {
        }
        if (line is null)
            throw new InvalidOperationException("The child exited without a result.");
        var parts = line.Split(' ');
        _process.WaitForExit();
        return (double.Parse(parts[1]), double.Parse(parts[2]));
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
