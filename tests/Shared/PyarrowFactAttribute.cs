using System.Diagnostics;

namespace Quiver.Tests;

/// <summary>
/// A test that needs pyarrow in Python (a typed Python peer): skipped, with the reason, only
/// outside CI where /usr/bin/python3 cannot import pyarrow with the inherited PYTHONPATH, as
/// scripts/test skips the typed Python tests then; on CI (CI=true) it always runs.
/// </summary>
public sealed class PyarrowFactAttribute : Xunit.FactAttribute
{
    private static readonly Lazy<bool> HasPyarrow = new(() =>
    {
        var start = new ProcessStartInfo("/usr/bin/python3", ["-c", "import pyarrow"]) { RedirectStandardError = true };
        using var process = Process.Start(start)!;
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0;
    });

    public PyarrowFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("CI") != "true" && !HasPyarrow.Value)
            Skip = "pyarrow is not importable by /usr/bin/python3 (see docs/python.md, 'Installing pyarrow')";
    }
}
