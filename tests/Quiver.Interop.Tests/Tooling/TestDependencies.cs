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

    /// <summary>
    /// DuckDB's shared library with its full C API, from the NuGet package DuckDB.NET.Bindings.Full
    /// (through DuckDB.NET.Data.Full), which restore copies under the test's runtimes/ folder.
    /// </summary>
    public static string DuckDbLibraryPath
    {
        get
        {
            var architecture = System.Runtime.InteropServices.RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant();
            var path = Path.Combine(AppContext.BaseDirectory, "runtimes", $"linux-{architecture}", "native", "libduckdb.so");
            return File.Exists(path)
                ? path
                : throw new InvalidOperationException($"{path} is missing: the DuckDB.NET.Data.Full package should have put it there at build time.");
        }
    }

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
