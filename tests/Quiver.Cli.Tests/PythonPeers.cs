using Quiver.Tests;

namespace Quiver.Cli.Tests;

/// <summary>
/// How the tests run Python publishers: /usr/bin/python3 (Debian's, as scripts/test uses it) with
/// the repository's quiver package importable, and pyarrow from the inherited PYTHONPATH
/// (scripts/python-env puts it there where the interpreter has none).
/// </summary>
internal static class PythonPeers
{
    public const string Interpreter = "/usr/bin/python3";

    public static IReadOnlyDictionary<string, string> Environment(params string[] moreModuleFolders)
    {
        var paths = moreModuleFolders.Append(Path.Combine(RepositoryRoot.Path, "src", "Python")).ToList();
        if (System.Environment.GetEnvironmentVariable("PYTHONPATH") is { Length: > 0 } inherited)
            paths.Add(inherited);
        return new Dictionary<string, string>
        {
            ["PYTHONPATH"] = string.Join(Path.PathSeparator, paths),
            ["PYTHONDONTWRITEBYTECODE"] = "1",
            ["PYTHONUNBUFFERED"] = "1",
        };
    }
}

/// <summary>
/// A test that needs pyarrow in Python (a typed Python publisher): skipped, with the reason, only
/// outside CI where pyarrow is not importable, as scripts/test skips the typed Python tests then;
/// on CI (CI=true) it always runs.
/// </summary>
public sealed class PyarrowFactAttribute : FactAttribute
{
    private static readonly Lazy<bool> HasPyarrow = new(() =>
    {
        var start = new System.Diagnostics.ProcessStartInfo(PythonPeers.Interpreter, ["-c", "import pyarrow"]) { RedirectStandardError = true };
        foreach (var (name, value) in PythonPeers.Environment())
            start.Environment[name] = value;
        using var process = System.Diagnostics.Process.Start(start)!;
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0;
    });

    public PyarrowFactAttribute()
    {
        if (System.Environment.GetEnvironmentVariable("CI") != "true" && !HasPyarrow.Value)
            Skip = "pyarrow is not importable by /usr/bin/python3 (see docs/python.md, 'Installing pyarrow')";
    }
}
