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
