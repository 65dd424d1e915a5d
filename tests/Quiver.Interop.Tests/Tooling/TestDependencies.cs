namespace Quiver.Interop.Tests.Tooling;

/// <summary>
/// The foreign Arrow implementations the interop tests talk to: apache-arrow (JavaScript),
/// installed on first use by scripts/install-test-deps (a pinned version, into .cache/npm; it takes
/// a file lock of its own, so test classes running in parallel and other processes never run npm
/// twice at once), and DuckDB's library, which comes with the NuGet restore.
/// </summary>
public static class TestDependencies
{
    private static readonly TimeSpan InstallTimeLimit = TimeSpan.FromMinutes(10);
    private static readonly Lazy<string> Installed = new(Install, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The node_modules folder that holds apache-arrow.</summary>
    public static string NodeModulesDirectory => Installed.Value;

    private static string Install()
    {
        var result = ExternalProcess.Run("bash", [RepositoryLayout.InstallScript], InstallTimeLimit);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"Installing the interop test dependencies failed: {result.Describe()}");
        var modules = Path.Combine(RepositoryLayout.CacheDirectory, "npm", "node_modules");
        Existing(Path.Combine(modules, "apache-arrow", "package.json"));
        return modules;
    }

    private static string Existing(string path) => File.Exists(path)
        ? path
        : throw new InvalidOperationException($"{path} is missing after `bash {RepositoryLayout.InstallScript}` succeeded.");
}
